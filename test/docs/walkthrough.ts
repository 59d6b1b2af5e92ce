/**
 * The README's walkthrough as steps: each ```sh block, and the block right after it that shows
 * what it prints (none: it prints nothing).
 */
import type { Tokens } from 'marked';
import { sectionsOf } from './markdown.ts';

export interface Step {
  command: string;
  expected: string;
}

export function walkthroughSteps(path = 'README.md'): Step[] {
  const section = sectionsOf(path).find((candidate) => /walkthrough/i.test(candidate.heading));
  if (!section) throw new Error(`${path} has no walkthrough heading`);
  const blocks = section.tokens.filter((token): token is Tokens.Code => token.type === 'code');
  const steps: Step[] = [];
  blocks.forEach((block, index) => {
    if (block.lang !== 'sh') return;
    const next = blocks[index + 1];
    const shown = next !== undefined && next.lang !== 'sh' && isRightAfter(section.tokens, block, next);
    steps.push({ command: block.text, expected: shown ? next.text : '' });
  });
  return steps;
}

/** Only blank lines between the two blocks: the output shown belongs to the command above it. */
function isRightAfter(tokens: readonly { type: string }[], first: object, second: object): boolean {
  const at = tokens.indexOf(first as never);
  const between = tokens.slice(at + 1, tokens.indexOf(second as never));
  return between.every((token) => token.type === 'space');
}
