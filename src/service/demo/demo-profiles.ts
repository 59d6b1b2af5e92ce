/**
 * The demo organisation: four teams, each with its own way of delivering, tuned so the metrics
 * place them at the four DORA levels (DESIGN.md §3, 2024 bands): an elite team deploying several
 * times a working day within hours of each commit, a high one a few days a week, a medium one every
 * two weeks, and a low one shipping a big release a quarter after a code freeze, with frequent
 * incidents and slow recoveries. Durations are in hours.
 */
export type Cadence =
  /** Releases per working day drawn from `perWeekday` with a weekday chance; weekends quieter. */
  | { kind: 'daily'; weekdayChance: number; weekendChance: number; perDay: [number, number] }
  /** One release every `everyDays` days (a range), on a working day. */
  | { kind: 'interval'; everyDays: [number, number] };

export interface Profile {
  level: 'elite' | 'high' | 'medium' | 'low';
  cadence: Cadence;
  /** Commits merged per release, and how long before the release merging stops (a code freeze). */
  commitsPerRelease: [number, number];
  freezeHours: number;
  /** Share of commits merged through a pull request, and its median coding, pickup and review times. */
  pullRequestShare: number;
  pullRequestHours: { coding: number; pickup: number; review: number };
  /** How long the version sits in staging before production. */
  stagingHours: [number, number];
  /** Chance a production attempt fails in the pipeline (then retried). */
  failedAttemptChance: number;
  /** Chance a release causes an incident, the median time to recover, and how often by rollback. */
  incidentChance: number;
  recoveryHours: number;
  rollbackShare: number;
  /** Incidents per week not caused by a release (infrastructure, dependencies). */
  unrelatedPerWeek: number;
}

const PROFILES: readonly Profile[] = [
  {
    level: 'elite',
    cadence: { kind: 'daily', weekdayChance: 0.97, weekendChance: 0.15, perDay: [1, 4] },
    commitsPerRelease: [1, 3],
    freezeHours: 0.3,
    pullRequestShare: 0.9,
    pullRequestHours: { coding: 1, pickup: 0.5, review: 0.7 },
    stagingHours: [0.2, 0.6],
    failedAttemptChance: 0.04,
    incidentChance: 0.03,
    recoveryHours: 0.4,
    rollbackShare: 0.7,
    unrelatedPerWeek: 0.1,
  },
  {
    level: 'high',
    cadence: { kind: 'daily', weekdayChance: 0.45, weekendChance: 0.02, perDay: [1, 2] },
    commitsPerRelease: [2, 6],
    freezeHours: 2,
    pullRequestShare: 0.8,
    pullRequestHours: { coding: 4, pickup: 3, review: 5 },
    stagingHours: [2, 20],
    failedAttemptChance: 0.08,
    incidentChance: 0.1,
    recoveryHours: 5,
    rollbackShare: 0.5,
    unrelatedPerWeek: 0.15,
  },
  {
    level: 'medium',
    cadence: { kind: 'interval', everyDays: [12, 20] },
    commitsPerRelease: [6, 16],
    freezeHours: 48,
    pullRequestShare: 0.6,
    pullRequestHours: { coding: 12, pickup: 18, review: 24 },
    stagingHours: [24, 72],
    failedAttemptChance: 0.12,
    incidentChance: 0.15,
    recoveryHours: 14,
    rollbackShare: 0.4,
    unrelatedPerWeek: 0.1,
  },
  {
    level: 'low',
    cadence: { kind: 'interval', everyDays: [63, 84] },
    commitsPerRelease: [25, 50],
    freezeHours: 14 * 24,
    pullRequestShare: 0.3,
    pullRequestHours: { coding: 48, pickup: 72, review: 96 },
    stagingHours: [7 * 24, 12 * 24],
    failedAttemptChance: 0.2,
    incidentChance: 0.45,
    recoveryHours: 60,
    rollbackShare: 0.3,
    unrelatedPerWeek: 0.3,
  },
];

export interface DemoTeam {
  name: string;
  applications: readonly string[];
  profile: Profile;
}

const TEAMS: readonly DemoTeam[] = [
  { name: 'storefront', applications: ['shop', 'mobile'], profile: PROFILES[0]! },
  { name: 'platform', applications: ['identity', 'developer-platform'], profile: PROFILES[1]! },
  { name: 'fulfilment', applications: ['logistics'], profile: PROFILES[2]! },
  { name: 'finance', applications: ['billing', 'ledger'], profile: PROFILES[3]! },
];

/** Service names per team, used in turn; past the list a number is appended (`cart-2`). */
const SERVICE_NAMES: Record<string, readonly string[]> = {
  storefront: ['checkout', 'cart', 'mobile-bff', 'search', 'web-frontend'],
  platform: ['auth', 'api-gateway', 'notifications', 'feature-flags'],
  fulfilment: ['inventory', 'shipping', 'warehouse', 'returns'],
  finance: ['invoicing', 'payments', 'general-ledger', 'tax'],
};

export interface DemoService {
  name: string;
  team: string;
  application: string;
  repository: string;
  profile: Profile;
}

/** Service i belongs to team i mod 4, so any count spreads over the four profiles, elite first. */
export function demoServices(count: number): DemoService[] {
  return Array.from({ length: count }, (_, index) => {
    const team = TEAMS[index % TEAMS.length]!;
    const rank = Math.floor(index / TEAMS.length);
    const names = SERVICE_NAMES[team.name]!;
    const base = names[rank % names.length]!;
    const round = Math.floor(rank / names.length);
    const name = round === 0 ? base : `${base}-${round + 1}`;
    return {
      name,
      team: team.name,
      application: team.applications[rank % team.applications.length]!,
      repository: `acme/${name}`,
      profile: team.profile,
    };
  });
}
