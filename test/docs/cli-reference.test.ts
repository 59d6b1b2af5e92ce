/**
 * docs/cli.md cannot drift from the commander program: every command has a section headed
 * `fivekeys <command>`, and every option of the command is named in that section.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli/program.ts';
import { sectionsOf, type Section } from './markdown.ts';

interface Documented {
  name: string;
  command: Command;
}

function commandsOf(command: Command, prefix = 'fivekeys'): Documented[] {
  return command.commands.flatMap((sub) => {
    const name = `${prefix} ${sub.name()}`;
    return [{ name, command: sub }, ...commandsOf(sub, name)];
  });
}

const sections = sectionsOf('docs/cli.md');
const textOf = (section: Section): string => section.tokens.map((token) => token.raw).join('');
const sectionFor = (name: string): Section | undefined =>
  sections.find((section) => section.heading.trim() === name);
const flagsOf = (command: Command): string[] =>
  command.options.map((option) => option.long ?? option.short ?? option.flags);

const program = createProgram();
const commands = commandsOf(program);

test('the program has the commands the docs describe', () => {
  assert.ok(commands.length >= 20, `${commands.length} commands`);
});

test('the global options are documented', () => {
  const text = textOf(sectionFor('Global options') ?? { heading: '', depth: 0, tokens: [] });
  assert.deepEqual(
    flagsOf(program).filter((flag) => !text.includes(flag)),
    [],
  );
});

for (const { name, command } of commands) {
  test(`${name}: a section of docs/cli.md names every option`, () => {
    const section = sectionFor(name);
    assert.ok(section, `docs/cli.md has no heading "${name}"`);
    const text = textOf(section);
    assert.deepEqual(
      flagsOf(command).filter((flag) => !new RegExp(`(^|[^\\w-])${flag}(?![\\w-])`).test(text)),
      [],
    );
  });
}
