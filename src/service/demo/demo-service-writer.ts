/**
 * One demo service's events as native API bodies: commits chained on one branch, releases (staging,
 * maybe a failed production attempt, production), and incidents with their remediation. Keeps the
 * branch head and version between calls; ids carry the run's tag so two histories never collide.
 */
import type { DemoService } from './demo-profiles.ts';
import type { Random } from './demo-random.ts';
import { HOUR } from './demo-timeline.ts';

export type Body = Record<string, unknown>;

export interface Release {
  id: string;
  version: string;
  finishedAt: number;
  /** The production release before this one, for a rollback. */
  previous: { version: string; head: string } | undefined;
}

const iso = (time: number) => new Date(Math.round(time / 1000) * 1000).toISOString();
const MINUTE = 60_000;

const AUTHORS = ['amara', 'bruno', 'chen', 'dana', 'emeka', 'farah', 'goran', 'hana', 'ivo', 'jun'];
const VERBS = ['add', 'fix', 'refactor', 'speed up', 'clean up', 'document', 'test', 'tune'];
const AREAS = ['api', 'cache', 'config', 'queries', 'retries', 'logging', 'validation', 'ui', 'auth'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3'];
const SYMPTOMS = ['error rate above 5%', 'p99 latency above 2 s', 'checkout failures', 'pods crash-looping'];

export function createServiceWriter(
  service: DemoService,
  random: Random,
  tag: string,
  out: { changes: Body[]; deployments: Body[]; incidents: Body[] },
) {
  const { name, team, application, repository, profile } = service;
  let head: string | undefined;
  let pullRequests = 0;
  let minor = 0;
  let patch = 0;
  let releases = 0;
  let incidents = 0;
  let previous: Release['previous'];
  const deployment = (fields: Body) =>
    out.deployments.push({ service: name, repository, team, application, ...fields });

  function commit(mergedAt: number, message?: string): string {
    const sha = random.sha();
    const hours = profile.pullRequestHours;
    const body: Body = { repository, sha, service: name, author: random.pick(AUTHORS) };
    body.message = message ?? `${random.pick(VERBS)} ${random.pick(AREAS)}`;
    if (head) body.parents = [head];
    if (message === undefined && random.chance(profile.pullRequestShare)) {
      const approved = mergedAt - random.between(0.05, 0.5) * HOUR;
      const reviewed = approved - random.around(hours.review, 2) * HOUR;
      const opened = reviewed - random.around(hours.pickup, 2) * HOUR;
      const committed = opened - random.around(hours.coding, 2) * HOUR;
      pullRequests += 1;
      body.committed_at = body.authored_at = iso(committed);
      body.pull_request = {
        number: pullRequests,
        opened_at: iso(opened),
        first_review_at: iso(reviewed),
        approved_at: iso(approved),
        merged_at: iso(mergedAt),
      };
    } else {
      body.committed_at = body.authored_at = iso(mergedAt);
    }
    out.changes.push(body);
    head = sha;
    return sha;
  }

  function release(stagingAt: number, releaseAt: number): Release {
    releases += 1;
    minor += 1;
    patch = 0;
    const version = `1.${minor}.0`;
    const id = `${name}-prod-${releases}-${tag}`;
    const common = { version, commit: head };
    const took = () => random.between(3, 15) * MINUTE;
    deployment({
      id: `${name}-staging-${releases}-${tag}`,
      environment: 'staging',
      status: 'success',
      ...common,
      started_at: iso(stagingAt - took()),
      finished_at: iso(stagingAt),
    });
    if (random.chance(profile.failedAttemptChance)) {
      const failedAt = releaseAt - Math.min(30 * MINUTE, (releaseAt - stagingAt) / 2);
      deployment({
        id: `${id}-attempt`,
        environment: 'production',
        status: 'failure',
        ...common,
        finished_at: iso(failedAt),
      });
    }
    deployment({
      id,
      environment: 'production',
      status: 'success',
      ...common,
      started_at: iso(releaseAt - took()),
      finished_at: iso(releaseAt),
    });
    const made = { id, version, finishedAt: releaseAt, previous };
    previous = { version, head: head! };
    return made;
  }

  /** An incident the release caused, fixed by a rollback or a hotfix; returns when all is calm. */
  function incident(cause: Release, end: number): number {
    const startedAt = cause.finishedAt + random.around(0.25, 2.5) * HOUR;
    const recovery = Math.max(5 * MINUTE, random.around(profile.recoveryHours, 2) * HOUR);
    const id = `INC-${name}-${(incidents += 1)}-${tag}`;
    const blame = random.next();
    const attributed = blame < 0.6 ? { deployment: cause.id } : blame < 0.8 ? { version: cause.version } : {};
    if (startedAt >= end) return startedAt;
    const fixedAt = startedAt + recovery * 0.85;
    if (fixedAt < end) remediate(cause, id, startedAt, fixedAt);
    incidentBody(id, startedAt, startedAt + recovery, end, attributed);
    return startedAt + recovery + 10 * MINUTE;
  }

  function remediate(cause: Release, incidentId: string, startedAt: number, fixedAt: number): void {
    const at = { started_at: iso(fixedAt - 5 * MINUTE), finished_at: iso(fixedAt) };
    const production = { environment: 'production', status: 'success', ...at };
    if (cause.previous && random.chance(profile.rollbackShare)) {
      const { version, head: commit } = cause.previous;
      deployment({ id: `${name}-rollback-${incidentId}`, ...production, kind: 'rollback', version, commit });
      return;
    }
    const sha = commit(startedAt + (fixedAt - startedAt) / 2, `hotfix: ${incidentId}`);
    patch += 1;
    const version = `1.${minor}.${patch}`;
    deployment({
      id: `${name}-hotfix-${incidentId}`,
      ...production,
      kind: 'hotfix',
      version,
      commit: sha,
      fixes_incidents: [incidentId],
    });
  }

  function incidentBody(id: string, startedAt: number, resolvedAt: number, end: number, cause: Body) {
    out.incidents.push({
      id,
      service: name,
      environment: 'production',
      severity: random.pick(SEVERITIES),
      title: `${name}: ${random.pick(SYMPTOMS)}`,
      started_at: iso(startedAt),
      ...(resolvedAt < end ? { resolved_at: iso(resolvedAt) } : {}),
      ...cause,
    });
  }

  function unrelatedIncident(startedAt: number, recovery: number, end: number): void {
    incidentBody(`INC-${name}-${(incidents += 1)}-${tag}`, startedAt, startedAt + recovery, end, {});
  }

  return { commit, release, incident, unrelatedIncident };
}
