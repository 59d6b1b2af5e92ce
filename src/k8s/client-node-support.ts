/**
 * Whether @kubernetes/client-node can be loaded in this Node.js, decided without loading it: 2.x
 * depends on undici 8 (Node.js ≥ 22.19), whose failure to load on older versions escapes as an
 * unhandled rejection even when the import is awaited in a try (measured on Node 20.20), which
 * would end the process. fivekeys depends on 1.x (^1.4.0, node-fetch), which runs on Node 20 and
 * is what the tests drive; the check stays for an install that resolves 2.x.
 */
import { createRequire } from 'node:module';

const NEEDS: Record<number, [number, number]> = { 2: [22, 19] };

export function clientNodeSupport(
  nodeVersion = process.versions.node,
): { ok: true } | { ok: false; reason: string } {
  let version: string;
  try {
    const manifest = createRequire(import.meta.url)('@kubernetes/client-node/package.json') as {
      version: string;
    };
    version = manifest.version;
  } catch {
    return { ok: false, reason: '@kubernetes/client-node is not installed' };
  }
  const [major = 0] = version.split('.').map(Number);
  const need = NEEDS[major];
  const [nodeMajor = 0, nodeMinor = 0] = nodeVersion.split('.').map(Number);
  if (need && (nodeMajor < need[0] || (nodeMajor === need[0] && nodeMinor < need[1]))) {
    return {
      ok: false,
      reason: `@kubernetes/client-node ${version} needs Node.js ≥ ${need[0]}.${need[1]} (this is ${nodeVersion})`,
    };
  }
  return { ok: true };
}
