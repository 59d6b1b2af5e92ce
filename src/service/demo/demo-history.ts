/**
 * `fivekeys demo`'s history, as native API bodies (what POST /api/v1/changes|deployments|incidents
 * take): per service a linear git history with pull requests, staging then production deployments,
 * failed attempts, incidents and their rollbacks or hotfixes, shaped by the team's profile
 * (demo-profiles.ts). Pure: the same options give the same history; `end` is passed in, never read
 * from the clock.
 */
import { demoServices, type DemoService } from './demo-profiles.ts';
import { createRandom, mixSeed, type Random } from './demo-random.ts';
import { DAY, HOUR, mergeTimes, releaseTimes } from './demo-timeline.ts';
import { createServiceWriter, type Body } from './demo-service-writer.ts';

export interface DemoOptions {
  days: number;
  services: number;
  seed: number;
  end: Date;
}

export interface DemoHistory {
  services: DemoService[];
  /** Each repository's commits parents first. */
  changes: Body[];
  /** Deployments by finish time, incidents by start time. */
  deployments: Body[];
  incidents: Body[];
}

export function generateDemoHistory(options: DemoOptions): DemoHistory {
  const end = options.end.getTime();
  const start = end - options.days * DAY;
  // The end is part of the seed: a history ending elsewhere gets other commit ids and deployment
  // ids, so it never collides with one loaded before.
  const random = createRandom(mixSeed(options.seed, end));
  const tag = mixSeed(options.seed, end).toString(16).padStart(8, '0').slice(0, 6);
  const services = demoServices(options.services);
  const history: DemoHistory = { services, changes: [], deployments: [], incidents: [] };
  for (const service of services) {
    const writer = createServiceWriter(service, random, tag, history);
    serviceHistory(service, random, writer, start, end);
  }
  const at = (field: string) => (body: Body) => Date.parse(body[field] as string);
  history.deployments.sort((a, b) => at('finished_at')(a) - at('finished_at')(b));
  history.incidents.sort((a, b) => at('started_at')(a) - at('started_at')(b));
  return history;
}

type Writer = ReturnType<typeof createServiceWriter>;

function serviceHistory(service: DemoService, random: Random, writer: Writer, start: number, end: number) {
  const { profile } = service;
  // Work before the first release started before the window: about one release interval earlier.
  let mergedUntil = start - (profile.cadence.kind === 'daily' ? 0.5 : profile.cadence.everyDays[0]) * DAY;
  let busyUntil = start;
  for (const releaseAt of releaseTimes(profile.cadence, random, start, end)) {
    if (releaseAt < busyUntil) continue;
    const stagingAt = releaseAt - random.between(...profile.stagingHours) * HOUR;
    const mergeEnd = stagingAt - profile.freezeHours * HOUR;
    if (mergeEnd <= mergedUntil) continue;
    const count = random.int(...profile.commitsPerRelease);
    for (const mergedAt of mergeTimes(count, random, mergedUntil, mergeEnd)) writer.commit(mergedAt);
    mergedUntil = mergeEnd;
    const release = writer.release(stagingAt, releaseAt);
    busyUntil = releaseAt + 5 * 60_000;
    if (random.chance(profile.incidentChance)) {
      busyUntil = Math.max(busyUntil, writer.incident(release, end));
    }
  }
  unrelatedIncidents(service, random, writer, start, end);
}

/** Incidents no release caused (a cloud outage, a dependency), about `unrelatedPerWeek` a week. */
function unrelatedIncidents(
  service: DemoService,
  random: Random,
  writer: Writer,
  start: number,
  end: number,
) {
  for (let week = start; week + 7 * DAY <= end; week += 7 * DAY) {
    if (!random.chance(service.profile.unrelatedPerWeek)) continue;
    const startedAt = random.between(week, week + 7 * DAY);
    const recovery = Math.max(0.1, random.around(service.profile.recoveryHours / 2, 2)) * HOUR;
    writer.unrelatedIncident(startedAt, recovery, end);
  }
}
