/**
 * GraphQL requests for fuzzing (src/http/graphql/schema.ts): documents built from the schema's own
 * root fields, arguments and selections with literal or variable values of every type, plus junk
 * text as the document and junk variables; sent by POST (JSON) or GET (query string).
 */
import fc from 'fast-check';
import { boundaryString, hugeNumber, junkValue, oddDate } from './junk.ts';

const ARGUMENTS = [
  'from',
  'to',
  'service',
  'application',
  'team',
  'environment',
  'benchmark',
  'first',
  'after',
  'production',
  'status',
];

const SELECTIONS: Record<string, string[]> = {
  metrics: [
    'window { from to }',
    'benchmark',
    'deployment_frequency { count per_week level }',
    'lead_time { n median_seconds stages { coding { n } } }',
    'change_failure_rate { rate failed_attempts }',
    'time_to_restore { n p90_seconds }',
    'failed_deployment_recovery_time { n }',
    'rework_rate { rate }',
    'level',
  ],
  deployments: [
    'next_cursor',
    'window { from }',
    'items { id status finished_at changes { sha lead_time_seconds } incidents { id deployment { id } } }',
  ],
  changes: [
    'next_cursor',
    'items { sha service pull_request { number } first_production_deployment { id } stages { coding } }',
  ],
  incidents: ['next_cursor', 'items { id restore_seconds counted deployment { attribution_method } }'],
  services: ['name', 'team', 'repositories'],
  teams: ['name', 'services { name }'],
  projects: ['name', 'teams', 'services { name }'],
  applications: ['name'],
};

const stringLiteral = fc
  .oneof(boundaryString, oddDate, fc.string({ maxLength: 20 }))
  .map((s) => JSON.stringify(s));
const literal = fc.oneof(
  stringLiteral,
  hugeNumber.map((n) => (Number.isFinite(n) ? String(n) : '0')),
  fc.constantFrom(
    'true',
    'false',
    'null',
    'SUCCESS',
    '[]',
    '[1, "a"]',
    '{a: 1}',
    '$undeclared',
    '"""block"""',
  ),
);

const argument = fc.tuple(
  fc.oneof(fc.constantFrom(...ARGUMENTS), fc.stringMatching(/^[a-z_]{1,8}$/)),
  fc.boolean(),
  literal,
);

const field = fc.constantFrom(...Object.keys(SELECTIONS)).chain((root) =>
  fc.record({
    root: fc.constant(root),
    args: fc.array(argument, { maxLength: 4 }),
    select: fc.subarray(SELECTIONS[root]!, { minLength: 0 }),
    junk: fc.option(fc.stringMatching(/^[a-z_]{1,10}$/)),
  }),
);

/** A document and the variables its `$` arguments take. */
const generated = fc.array(field, { minLength: 1, maxLength: 3 }).chain((fields) => {
  const variables: string[] = [];
  const parts = fields.map((f, index) => {
    const args = f.args.map(([name, asVariable, value]) => {
      if (!asVariable) return `${name}: ${value}`;
      variables.push(`v${variables.length}`);
      return `${name}: $v${variables.length - 1}`;
    });
    const selection = [...f.select, ...(f.junk === null ? [] : [f.junk])];
    const body = selection.length > 0 ? ` { ${selection.join(' ')} }` : '';
    return `a${index}: ${f.root}${args.length > 0 ? `(${args.join(', ')})` : ''}${body}`;
  });
  return fc
    .record({
      types: fc.array(fc.constantFrom('String', 'Int', 'Boolean', 'Float', 'String!', '[String]'), {
        minLength: variables.length,
        maxLength: variables.length,
      }),
      values: fc.array(junkValue, { minLength: variables.length, maxLength: variables.length }),
    })
    .map(({ types, values }) => {
      const declared = variables.map((name, i) => `$${name}: ${types[i]}`).join(', ');
      const query = `query${declared ? `(${declared})` : ''} { ${parts.join(' ')} }`;
      return {
        query,
        variables: Object.fromEntries(variables.map((name, i) => [name, values[i]])) as unknown,
      };
    });
});

const anything = fc.record({
  query: fc.oneof(fc.string({ maxLength: 60 }), boundaryString, junkValue),
  variables: junkValue,
});

export type GraphqlRequest = { method: 'GET'; search: string } | { method: 'POST'; body: string };

export const graphqlRequest: fc.Arbitrary<GraphqlRequest> = fc
  .tuple(fc.oneof({ arbitrary: generated, weight: 4 }, { arbitrary: anything, weight: 1 }), fc.boolean())
  .map(([request, viaGet]): GraphqlRequest => {
    const search = new URLSearchParams();
    search.set(
      'query',
      typeof request.query === 'string' ? request.query : (JSON.stringify(request.query) ?? ''),
    );
    search.set('variables', JSON.stringify(request.variables) ?? '');
    // Beyond Node's 16 KiB header limit a GET is refused before any route runs: POST it instead.
    if (viaGet && search.toString().length < 8000) return { method: 'GET', search: search.toString() };
    return { method: 'POST', body: JSON.stringify(request) };
  });
