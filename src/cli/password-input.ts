/**
 * Reads a password without echoing it: from a terminal with a prompt, or as the first line of
 * stdin (`--password-stdin`) for scripts. Never from a flag, which would land in the shell history.
 */
import { createInterface } from 'node:readline';
import { AppError } from '../errors.ts';

export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return firstLine();
  if (!process.stdin.isTTY) {
    throw new AppError(
      'invalid_config',
      'No terminal to ask for the password: pipe it with --password-stdin.',
    );
  }
  const first = await prompt('Password: ');
  const again = await prompt('Again: ');
  if (first !== again) throw new AppError('invalid_config', 'The two passwords differ.');
  return first;
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new AppError('invalid_config', '--password-stdin: stdin was empty.');
}

function prompt(question: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo nothing but the question while the password is typed.
  const write = (lines as unknown as { _writeToOutput: (text: string) => void })._writeToOutput;
  (lines as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text) => {
    if (text.startsWith(question)) write.call(lines, question);
  };
  return new Promise((resolve) =>
    lines.question(question, (answer) => {
      process.stderr.write('\n');
      lines.close();
      resolve(answer);
    }),
  );
}
