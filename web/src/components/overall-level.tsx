/**
 * The overall DORA level, large: "Overall: High (2024 bands)", and in its "?" what it is made of:
 * the level of each metric that counts, the lowest of which it is.
 */
import { OVERALL_DEFINITION } from '../metric-definitions.ts';
import { Link } from '../router.tsx';
import type { Level, Metrics } from '../types.ts';
import { InfoButton } from './info-button.tsx';
import '../styles/overall.css';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The metrics the overall level is the lowest of; recovery is read per report year. */
function overallParts(m: Metrics): { title: string; level: Level | null }[] {
  const recovery =
    m.benchmark === 2021
      ? { title: 'Time to restore service', level: m.time_to_restore.level }
      : { title: 'Failed deployment recovery time', level: m.failed_deployment_recovery_time.level };
  return [
    { title: 'Deployment frequency', level: m.deployment_frequency.level },
    { title: 'Change lead time', level: m.lead_time.level },
    { title: 'Change failure rate', level: m.change_failure_rate.level },
    recovery,
  ];
}

export function OverallLevel({ metrics }: { metrics: Metrics }) {
  const level = metrics.level;
  return (
    <div class="overall" data-overall={level ?? ''}>
      <p class={`overall-badge overall-${level ?? 'none'}`}>
        <span class="overall-label">Overall:</span> <strong>{level ? capital(level) : 'no level yet'}</strong>{' '}
        <span class="overall-year">({metrics.benchmark} bands)</span>
      </p>
      <InfoButton label="About the overall level" title="Overall DORA level">
        <p class="definition">{OVERALL_DEFINITION}</p>
        <table class="info-bands">
          <caption>What it is made of ({metrics.benchmark} bands)</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Level</th>
            </tr>
          </thead>
          <tbody>
            {overallParts(metrics).map((part) => (
              <tr
                key={part.title}
                data-current={part.level !== null && part.level === level ? '' : undefined}
              >
                <th scope="row">{part.title}</th>
                <td>
                  {part.level ? (
                    <span class={`badge badge-${part.level}`}>{part.level}</span>
                  ) : (
                    'no data: not counted'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="info-source">
          Choose the report year with the Benchmark filter; all tables are on the{' '}
          <Link href="/benchmarks">benchmarks</Link> page.
        </p>
      </InfoButton>
    </div>
  );
}
