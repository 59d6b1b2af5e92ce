/** Answer of `GET /api/v1/benchmarks`: the DORA band tables the levels are read against. */
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.ts';

const oneOf = (values: string[], description: string) =>
  Type.Unsafe<string>({ type: 'string', enum: values, description });

const Band = Type.Object({
  metric: oneOf(
    [
      'deployment_frequency',
      'lead_time',
      'change_failure_rate',
      'time_to_restore',
      'failed_deployment_recovery_time',
    ],
    'The metric, as named in `GET /api/v1/metrics`',
  ),
  level: oneOf(['elite', 'high', 'medium', 'low'], 'The level this band grants'),
  comparison: oneOf(
    ['max', 'min'],
    '`max`: the value reaches the level when at most `bound`; `min`: when at least `bound`',
  ),
  bound: Nullable(Type.Number({ description: 'The edge (inclusive); null: every value holds' })),
  unit: oneOf(
    ['seconds', 'ratio', 'deploy_days_per_week', 'deploy_days_per_month'],
    'What `bound` measures; deployment frequency is graded by median deploy-days per calendar week or month',
  ),
});

export const BenchmarksAnswer = Type.Object({
  default_year: Type.Integer({ description: 'The year used when a metrics query names no `benchmark`' }),
  years: Type.Array(
    Type.Object({
      year: Type.Integer(),
      source: Type.Object({ title: Type.String(), url: Type.String({ format: 'uri' }) }),
      bands: Type.Array(Band, {
        description: 'Tried from elite to low per metric: the first band that holds wins',
      }),
    }),
  ),
});
