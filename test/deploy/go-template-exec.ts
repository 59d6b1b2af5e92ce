/**
 * Executes a parsed template with Helm's semantics for the functions the chart uses. Where Go and
 * Helm would fail (a field of a missing value, comparing different types) this fails too, and where
 * they would print something surprising (a number ≥ 1e6 in exponent form, a map) it refuses, so a
 * chart that renders here renders the same with helm.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Node, Operand, Pipeline } from './go-template-parse.ts';

export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

export interface Scope {
  dot: Value;
  root: Value;
  defines: Map<string, Node[]>;
}

/** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
export function truthy(value: Value): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** fmt.Sprint of a value as Helm prints it (`<no value>` is replaced with nothing). */
function print(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // Helm's values are float64: Go prints 1000000 as 1e+06.
    if (Math.abs(value) >= 1e6) throw new Error(`${value} would print as ${value.toExponential()}: quote it`);
    return String(value);
  }
  if (typeof value === 'object') throw new Error('a map or list printed directly: use toYaml');
  return String(value);
}

/** Helm's toYaml: sorted keys, sequences not indented under their key, no trailing newline. */
export function toYaml(value: Value): string {
  return stringify(value ?? null, { sortMapEntries: true, indentSeq: false, lineWidth: 0 }).replace(
    /\n$/,
    '',
  );
}

const indent = (spaces: Value, text: Value) => {
  const pad = ' '.repeat(Number(spaces));
  return pad + print(text).replaceAll('\n', `\n${pad}`);
};

function printf(format: Value, ...args: Value[]): string {
  let next = 0;
  return String(format).replace(/%[sdvq%]/g, (verb) => {
    if (verb === '%%') return '%';
    const arg = args[next++];
    return verb === '%q' ? JSON.stringify(print(arg)) : print(arg);
  });
}

function equal(left: Value, right: Value): boolean {
  if (typeof left !== typeof right || typeof left === 'object') {
    throw new Error(`eq: incompatible types ${JSON.stringify(left)} and ${JSON.stringify(right)}`);
  }
  return left === right;
}

type Lazy = () => Value;
/** and/or stop at the first deciding argument (Go 1.18+); every other function gets its values. */
const LAZY: Record<string, (args: Lazy[]) => Value> = {
  and: (args) => {
    let last: Value = true;
    for (const arg of args) if (!truthy((last = arg()))) return last;
    return last;
  },
  or: (args) => {
    let last: Value = false;
    for (const arg of args) if (truthy((last = arg()))) return last;
    return last;
  },
};

const FUNCTIONS: Record<string, (scope: Scope, ...args: Value[]) => Value> = {
  not: (_, arg) => !truthy(arg),
  eq: (_, left, right) => equal(left, right),
  ne: (_, left, right) => !equal(left, right),
  default: (_, fallback, given) => (truthy(given) ? given : fallback),
  quote: (_, ...args) =>
    args
      .filter((value) => value !== null && value !== undefined)
      .map((value) => JSON.stringify(print(value)))
      .join(' '),
  printf: (_, format, ...args) => printf(format, ...args),
  toYaml: (_, value) => toYaml(value),
  indent: (_, spaces, text) => indent(spaces, text),
  nindent: (_, spaces, text) => `\n${indent(spaces, text)}`,
  sha256sum: (_, text) => createHash('sha256').update(print(text)).digest('hex'),
  include: (scope, name, data) => {
    const body = scope.defines.get(String(name));
    if (!body) throw new Error(`include: no template named ${String(name)}`);
    return execute(body, { ...scope, dot: data });
  },
};

function field(scope: Scope, operand: Operand & { kind: 'field' }): Value {
  let value = operand.root === 'dot' ? scope.dot : scope.root;
  for (const key of operand.path) {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`nil pointer evaluating .${operand.path.join('.')} at ${key}`);
    }
    value = value[key];
  }
  return value;
}

function evaluate(scope: Scope, operand: Operand): Value {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'field') return field(scope, operand);
  if (operand.kind === 'group') return run(scope, operand.pipeline);
  return call(scope, operand.name, []);
}

function call(scope: Scope, name: string, args: Lazy[]): Value {
  const lazy = LAZY[name];
  if (lazy) return lazy(args);
  const fn = FUNCTIONS[name];
  if (!fn) throw new Error(`function ${name} is outside the chart's template subset`);
  return fn(scope, ...args.map((arg) => arg()));
}

function run(scope: Scope, pipeline: Pipeline): Value {
  let previous: Lazy | undefined;
  for (const [head, ...rest] of pipeline) {
    const args = rest.map((operand) => () => evaluate(scope, operand));
    if (previous) args.push(previous);
    let result: Value;
    if (head?.kind === 'call') result = call(scope, head.name, args);
    else if (args.length > 0) throw new Error('a value cannot take arguments');
    else result = evaluate(scope, head as Operand);
    previous = () => result;
  }
  return previous?.();
}

export function execute(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'action') out += print(run(scope, node.pipeline));
    else {
      const branch = node.branches.find(({ condition }) => truthy(run(scope, condition)));
      out += execute(branch ? branch.body : node.otherwise, scope);
    }
  }
  return out;
}
