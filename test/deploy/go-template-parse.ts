/**
 * Parses the subset of Go's text/template the Helm chart uses (there is no helm binary here):
 * text, `{{ pipeline }}`, if / else if / else / end, define / end and comments, with the trim
 * markers `{{- ` and ` -}}` removing all white space (space, tab, CR, LF) on their side, as Go does.
 * Anything outside the subset (range, with, variables assignment) is refused, not guessed.
 */

export type Operand =
  | { kind: 'field'; root: 'dot' | 'dollar'; path: string[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'call'; name: string }
  | { kind: 'group'; pipeline: Pipeline };
/** Each command is its operands; the previous command's result is appended as the last argument. */
export type Pipeline = Operand[][];

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline }
  | { kind: 'if'; branches: { condition: Pipeline; body: Node[] }[]; otherwise: Node[] };

export interface Template {
  body: Node[];
  defines: Map<string, Node[]>;
}

const SPACE = /[ \t\r\n]/;

/** Splits a source into text and action bodies, applying the trim markers. */
function lex(source: string): ({ text: string } | { action: string })[] {
  const tokens: ({ text: string } | { action: string })[] = [];
  let position = 0;
  let trimNext = false;
  while (position <= source.length) {
    const open = source.indexOf('{{', position);
    let text = source.slice(position, open === -1 ? undefined : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open === -1) {
      tokens.push({ text });
      break;
    }
    let start = open + 2;
    if (source[start] === '-' && SPACE.test(source[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    tokens.push({ text });
    const close = findClose(source, start);
    let body = source.slice(start, close);
    trimNext = /[ \t\r\n]-$/.test(body);
    if (trimNext) body = body.slice(0, -1);
    tokens.push({ action: body.trim() });
    position = close + 2;
  }
  return tokens;
}

/** The `}}` closing an action, skipping comments and string literals that may contain one. */
function findClose(source: string, from: number): number {
  const skip = /\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"|\}\}/g;
  skip.lastIndex = from;
  for (let match = skip.exec(source); match; match = skip.exec(source)) {
    if (match[0] === '}}') return match.index;
  }
  throw new Error(`unclosed action at offset ${from}`);
}

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|\(|\)|\||-?\d+(?:\.\d+)?|\$?(?:\.[A-Za-z_][\w]*)+|\$|\.|[A-Za-z_]\w*)/y;

function parsePipeline(text: string): Pipeline {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw new Error(`cannot parse "${text}" at ${TOKEN.lastIndex}`);
    tokens.push(match[1]);
  }
  let index = 0;
  const pipeline = (): Pipeline => {
    const commands: Operand[][] = [[]];
    while (index < tokens.length && tokens[index] !== ')') {
      const token = tokens[index++] as string;
      if (token === '|') commands.push([]);
      else (commands.at(-1) as Operand[]).push(token === '(' ? group() : operand(token));
    }
    if (commands.some((command) => command.length === 0)) throw new Error(`empty command in "${text}"`);
    return commands;
  };
  const group = (): Operand => {
    const inner = pipeline();
    if (tokens[index++] !== ')') throw new Error(`missing ) in "${text}"`);
    return { kind: 'group', pipeline: inner };
  };
  const result = pipeline();
  if (index !== tokens.length) throw new Error(`unexpected ) in "${text}"`);
  return result;
}

function operand(token: string): Operand {
  if (token.startsWith('"')) return { kind: 'literal', value: JSON.parse(token) as string };
  if (/^-?\d/.test(token)) return { kind: 'literal', value: Number(token) };
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'nil') return { kind: 'literal', value: null };
  if (token === '.') return { kind: 'field', root: 'dot', path: [] };
  if (token.startsWith('$')) return { kind: 'field', root: 'dollar', path: token.split('.').slice(1) };
  if (token.startsWith('.')) return { kind: 'field', root: 'dot', path: token.slice(1).split('.') };
  return { kind: 'call', name: token };
}

/** Builds the tree; `define` blocks are collected apart, as Go does. */
export function parseTemplate(source: string, defines = new Map<string, Node[]>()): Template {
  const root: Node[] = [];
  type IfNode = Node & { kind: 'if' };
  type Frame =
    { kind: 'root' | 'define'; name?: string; nodes: Node[] } | { kind: 'if'; node: IfNode; inElse: boolean };
  const stack: Frame[] = [{ kind: 'root', nodes: root }];
  const current = (): Node[] => {
    const top = stack.at(-1) as Frame;
    if (top.kind !== 'if') return top.nodes;
    return top.inElse ? top.node.otherwise : (top.node.branches.at(-1)?.body as Node[]);
  };
  for (const token of lex(source)) {
    if ('text' in token) {
      if (token.text !== '') current().push({ kind: 'text', text: token.text });
      continue;
    }
    const action = token.action;
    const [keyword = '', ...rest] = action.split(/\s+/);
    const argument = action.slice(keyword.length).trim();
    if (action.startsWith('/*')) continue;
    if (keyword === 'if') {
      const node: IfNode = {
        kind: 'if',
        branches: [{ condition: parsePipeline(argument), body: [] }],
        otherwise: [],
      };
      current().push(node);
      stack.push({ kind: 'if', node, inElse: false });
    } else if (keyword === 'else') {
      const top = stack.at(-1);
      if (top?.kind !== 'if' || top.inElse) throw new Error('else outside if');
      if (rest[0] === 'if') top.node.branches.push({ condition: parsePipeline(argument.slice(2)), body: [] });
      else top.inElse = true;
    } else if (keyword === 'define') {
      stack.push({ kind: 'define', name: JSON.parse(argument) as string, nodes: [] });
    } else if (keyword === 'end') {
      const top = stack.pop();
      if (!top || top.kind === 'root') throw new Error('end without block');
      if (top.kind === 'define') defines.set(top.name as string, top.nodes);
    } else if (['range', 'with', 'template', 'block', 'break', 'continue'].includes(keyword)) {
      throw new Error(`{{ ${keyword} }} is outside the chart's template subset`);
    } else if (/^\$\w*\s*:?=/.test(action)) {
      throw new Error('variable assignment is outside the chart subset');
    } else current().push({ kind: 'action', pipeline: parsePipeline(action) });
  }
  if (stack.length !== 1) throw new Error('missing {{ end }}');
  return { body: root, defines };
}
