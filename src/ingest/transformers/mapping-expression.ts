/**
 * One JSONata expression of a declarative mapping rule: parsed once at start-up, refused when its
 * result could differ on replay, and evaluated under limits so a runaway expression cannot stall ingest.
 */
import jsonata from 'jsonata';
import { AppError } from '../../errors.ts';

/**
 * JSONata 2.2's own guardrails, checked before every step of an evaluation: wall-clock milliseconds
 * (D1012), nesting depth (D1011, well below where V8's stack would overflow) and items in one sequence
 * (D2015). A mapping takes well under a millisecond, but the clock also runs while a throttled
 * container or a busy machine does not schedule us (200 ms failed a valid event in a loaded test run),
 * and a valid event refused is worse than a buggy rule stalling ingest for a second. Steps are the
 * unit, so one built-in call (a regular expression backtracking catastrophically) runs to its end.
 */
const EVALUATION_LIMITS = { timeout: 1000, stack: 500, sequence: 100_000 } as const;

/** Functions whose result depends on when or how often the raw log is replayed, not on the event. */
const FORBIDDEN: Record<string, string> = {
  now: 'it reads the clock; use the event time (`time`) or a timestamp from `data`',
  millis: 'it reads the clock; use the event time (`time`) or a timestamp from `data`',
  random: 'it is random',
  shuffle: 'it is random',
  eval: 'it builds an expression at run time that cannot be checked here',
};

export interface CompiledExpression {
  /** The result as plain JSON (JSONata sequences and null-prototype objects flattened), or undefined. */
  evaluate(input: unknown, field: string): Promise<unknown>;
}

/** `configField` names the expression in the config file; `field` (at evaluation) names it in a row. */
export function compileExpression(source: string, rule: string, configField: string): CompiledExpression {
  const configError = (reason: string) =>
    new AppError('invalid_config', `${configField}: rule "${rule}": ${reason}`, { field: configField });
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, { ...EVALUATION_LIMITS });
  } catch (error) {
    throw configError(describe(error));
  }
  const forbidden = findForbidden(expression.ast());
  if (forbidden) {
    const { name, position } = forbidden;
    throw configError(
      `$${name}() at position ${position} is not allowed: ${FORBIDDEN[name]}, ` +
        'and a mapping must give the same rows every time the raw log is replayed',
    );
  }
  return {
    async evaluate(input, field) {
      let result: unknown;
      try {
        result = await expression.evaluate(input);
      } catch (error) {
        throw new AppError('invalid_payload', `rule "${rule}": ${field}: ${describe(error)}`, {
          field,
          cause: error,
        });
      }
      const text = JSON.stringify(result);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
  };
}

/** Any reference to a forbidden function (`$now()`, `$f := $now`, `~> $millis`), lambdas included. */
function findForbidden(ast: unknown): { name: string; position: number } | undefined {
  const pending: unknown[] = [ast];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const { type, value, position } = node as { type?: unknown; value?: unknown; position?: unknown };
    if (type === 'variable' && typeof value === 'string' && Object.hasOwn(FORBIDDEN, value)) {
      return { name: value, position: typeof position === 'number' ? position : 0 };
    }
    pending.push(...Object.values(node));
  }
  return undefined;
}

/** JSONata throws plain objects `{ code, message, position }`, not Errors. */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, position } = error as { message?: unknown; position?: unknown };
  const text = typeof message === 'string' ? message : 'the expression failed';
  return typeof position === 'number' ? `${text} at position ${position}` : text;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs evaluations one at a time. JSONata's timeout is wall-clock and its steps are awaited, so
 * evaluations started together interleave and each is charged for all the others: measured here,
 * 3,000 concurrent evaluations of a 20-commit mapping all failed a 100 ms timeout, and none once
 * serialized. Evaluation does no I/O, so one at a time costs no throughput.
 */
export function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}
