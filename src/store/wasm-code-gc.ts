/**
 * Imported for its effect, before PGlite: V8's garbage collection of WebAssembly code is switched
 * off for the process. In Node 24 (V8 13.6) that collection can lose track of a wrapper it frees,
 * and V8 then aborts the whole process ("Check failed: jit_page_->allocations_.erase(addr) == 1",
 * nodejs/node#66366; fixed in V8, not yet in a Node 24 release). PGlite is WebAssembly, so the
 * embedded database would be the trigger. The cost: compiled code of PGlite's one module stays
 * in memory instead of being collected. The flag is process-wide and covers PGlite's thread too.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-wasm-code-gc');
