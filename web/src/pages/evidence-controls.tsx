/** The list filters of an evidence tab as selects; every change is a new URL (the caller's). */
import type { EvidenceTab } from '../metric-defs.ts';

interface Choice {
  name: string;
  label: string;
  options: [string, string][];
}

const YES_NO = (yes: string, no: string): [string, string][] => [
  ['', 'Any'],
  ['true', yes],
  ['false', no],
];

const CHOICES: Record<EvidenceTab, Choice[]> = {
  deployments: [
    { name: 'production', label: 'Environment kind', options: YES_NO('Production', 'Not production') },
    {
      name: 'status',
      label: 'Deploy status',
      options: [
        ['', 'Any'],
        ['success', 'Succeeded'],
        ['failure', 'Attempt failed'],
      ],
    },
    { name: 'failed', label: 'Change failure', options: YES_NO('Failed in production', 'Did not fail') },
    { name: 'remediated', label: 'Recovery', options: YES_NO('Recovery measured', 'No measured recovery') },
    { name: 'rework', label: 'Rework', options: YES_NO('Rework', 'Planned work') },
  ],
  changes: [
    {
      name: 'stage',
      label: 'Measured stage',
      options: [
        ['', 'Any'],
        ['lead', 'Lead time'],
        ['coding', 'Coding'],
        ['pickup', 'Pickup'],
        ['review', 'Review'],
        ['deploy', 'Deploy'],
      ],
    },
    {
      name: 'min_seconds',
      label: 'Stage took at least',
      options: [
        ['', 'Any time'],
        ['3600', '1 hour'],
        ['86400', '1 day'],
        ['259200', '3 days'],
        ['604800', '1 week'],
      ],
    },
    { name: 'pull_request', label: 'Pull request', options: YES_NO('Through a pull request', 'Without one') },
  ],
  incidents: [
    { name: 'counted', label: 'Counted', options: YES_NO('Counted by the metrics', 'Not counted') },
    { name: 'restored', label: 'Restored', options: YES_NO('Restored in this period', 'Not restored in it') },
    {
      name: 'attributed',
      label: 'Attribution',
      options: YES_NO('Attributed to a deployment', 'Unattributed'),
    },
  ],
};

interface Props {
  tab: EvidenceTab;
  filters: Record<string, string>;
  onChange(filters: Record<string, string>): void;
}

export function EvidenceControls({ tab, filters, onChange }: Props) {
  const set = (name: string, value: string) => {
    const next = { ...filters };
    if (value) next[name] = value;
    else delete next[name];
    // A threshold measures a stage: without one it means lead time.
    if (name === 'min_seconds' && value && !next.stage) next.stage = 'lead';
    if (name === 'stage' && !value) delete next.min_seconds;
    onChange(next);
  };
  return (
    <form
      class="filters evidence-controls"
      aria-label="List filters"
      onSubmit={(event) => event.preventDefault()}
    >
      {CHOICES[tab].map((choice) => (
        <label key={choice.name}>
          <span>{choice.label}</span>
          <select
            name={choice.name}
            value={filters[choice.name] ?? ''}
            onChange={(event) => set(choice.name, event.currentTarget.value)}
          >
            {choice.options.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </form>
  );
}
