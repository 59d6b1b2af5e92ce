/**
 * Our own JSON Schemas of `subject.content` for the 45 CDEvents types of spec 0.5.1 and their 0.4.1
 * versions, written field by field from the spec's schema files, and the type version of each.
 */
import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { NonEmpty, OneOf, Ref, Text, Uri, UriRef, strict, type Family } from './envelope-schemas.ts';

const Opt = Type.Optional;
const obj = (properties: TProperties) => Type.Object(properties, strict);

// In the test subjects a testSuiteRun / testCaseRun reference's source has no format.
const TestRunRef = obj({ id: NonEmpty, source: Opt(Text) });
const Repository = obj({ repository: Opt(Ref) });
const Sbom = obj({ uri: UriRef });
const Severity = OneOf(['low', 'medium', 'high', 'critical']);
const TestCase = obj({
  id: NonEmpty,
  version: Opt(Text),
  name: Opt(Text),
  type: Opt(
    OneOf(['performance', 'functional', 'unit', 'security', 'compliance', 'integration', 'e2e', 'other']),
  ),
  uri: Opt(Uri),
});
// The spec leaves `trigger` open to extra fields.
const Trigger = Type.Object({
  type: Opt(OneOf(['manual', 'pipeline', 'event', 'schedule', 'other'])),
  uri: Opt(Uri),
});
const testSuite = (link: 'uri' | 'url') =>
  obj({ id: NonEmpty, version: Opt(Text), name: Opt(Text), [link]: Opt(Uri) });
const incident = { description: Opt(Text), environment: Ref, service: Opt(Ref), artifactId: Opt(NonEmpty) };
// ticketType, priority and resolution are `anyOf: [enum, string]` upstream: the enum only suggests values.
const ticket = {
  summary: Opt(Text),
  ticketType: Opt(Text),
  group: Opt(Text),
  creator: Opt(NonEmpty),
  assignees: Opt(Type.Array(Text)),
  priority: Opt(Text),
  labels: Opt(Type.Array(Text)),
  milestone: Opt(Text),
  uri: UriRef,
};

/** `subject.content` schema of every type, keyed `<subject>.<predicate>`. */
export function contentSchemas(family: Family): Record<string, TObject> {
  const v05 = family === '0.5';
  // 0.5 renamed `url` to `uri` and gave it the `uri` format; in 0.4 it was any string.
  const link = v05 ? 'uri' : 'url';
  const Link = v05 ? Uri : Text;
  // pipelinerun.finished's outcome became an enum in 0.5; the test outcomes were renamed from pass/fail.
  const RunOutcome = v05 ? OneOf(['success', 'failure', 'cancel', 'error']) : Text;
  const TestOutcome = OneOf(
    v05 ? ['success', 'failure', 'cancel', 'error'] : ['pass', 'fail', 'cancel', 'error'],
  );
  const repository = { name: Opt(Text), owner: Opt(Text), [link]: Opt(Link), viewUrl: Opt(Link) };
  const environment = { name: Opt(Text), [link]: Opt(Link) };
  const pipelineRun = { pipelineName: Opt(Text), [link]: Opt(Link) };
  const taskRun = { taskName: Opt(Text), [link]: Opt(Link), pipelineRun: Opt(Ref) };
  const testCaseRun = { environment: Ref, testSuiteRun: Opt(TestRunRef), testCase: Opt(TestCase) };
  const testSuiteRun = { environment: Ref, testSuite: Opt(testSuite('uri')) };
  const service = obj({ environment: Ref, artifactId: NonEmpty });

  return {
    'pipelinerun.queued': obj(pipelineRun),
    'pipelinerun.started': obj({ pipelineName: Text, [link]: Link }),
    'pipelinerun.finished': obj({ ...pipelineRun, outcome: Opt(RunOutcome), errors: Opt(Text) }),
    'taskrun.started': obj(taskRun),
    // taskrun.finished's outcome stayed a free string in 0.5.
    'taskrun.finished': obj({ ...taskRun, outcome: Opt(Text), errors: Opt(Text) }),
    'repository.created': obj({ ...repository, name: NonEmpty, [link]: v05 ? Uri : NonEmpty }),
    'repository.modified': obj(repository),
    'repository.deleted': obj(repository),
    'branch.created': Repository,
    'branch.deleted': Repository,
    'change.created': obj({ description: Opt(NonEmpty), repository: Opt(Ref) }),
    'change.reviewed': Repository,
    'change.merged': Repository,
    'change.abandoned': Repository,
    'change.updated': Repository,
    'build.queued': obj({}),
    'build.started': obj({}),
    'build.finished': obj({ artifactId: Opt(Text) }),
    'artifact.packaged': obj({ change: Ref, sbom: Opt(Sbom) }),
    'artifact.signed': obj({ signature: NonEmpty }),
    'artifact.published': obj({ sbom: Opt(Sbom), user: Opt(NonEmpty) }),
    'artifact.downloaded': obj({ user: Opt(NonEmpty) }),
    'artifact.deleted': obj({ user: Opt(NonEmpty) }),
    'testcaserun.queued': obj({ trigger: Opt(Trigger), ...testCaseRun }),
    'testcaserun.started': obj({ trigger: Opt(Trigger), ...testCaseRun }),
    'testcaserun.finished': obj({
      outcome: TestOutcome,
      severity: Opt(Severity),
      reason: Opt(Text),
      ...testCaseRun,
    }),
    'testcaserun.skipped': obj({ reason: Opt(Text), ...testCaseRun, environment: Opt(Ref) }),
    // Only 0.4.1's testsuiterun.queued still called the test suite's link `url`.
    'testsuiterun.queued': obj({ trigger: Opt(Trigger), environment: Ref, testSuite: Opt(testSuite(link)) }),
    'testsuiterun.started': obj({ trigger: Opt(Trigger), ...testSuiteRun }),
    'testsuiterun.finished': obj({
      ...testSuiteRun,
      outcome: TestOutcome,
      severity: Opt(Severity),
      reason: Opt(Text),
    }),
    'testoutput.published': obj({
      outputType: OneOf(['report', 'video', 'image', 'log', 'other']),
      format: Text,
      uri: Opt(Uri),
      testCaseRun: Opt(TestRunRef),
    }),
    'environment.created': obj(environment),
    'environment.modified': obj(environment),
    'environment.deleted': obj({ name: Opt(Text) }),
    'service.deployed': service,
    'service.upgraded': service,
    'service.rolledback': service,
    'service.removed': obj({ environment: Opt(Ref) }),
    'service.published': obj({ environment: Opt(Ref) }),
    'incident.detected': obj(incident),
    'incident.reported': obj({ ...incident, ticketURI: Type.String({ format: 'uri', minLength: 1 }) }),
    'incident.resolved': obj(incident),
    'ticket.created': obj({ ...ticket, summary: Text, creator: NonEmpty }),
    'ticket.updated': obj({ ...ticket, updatedBy: Opt(Text) }),
    'ticket.closed': obj({ ...ticket, resolution: NonEmpty, updatedBy: Opt(Text) }),
  };
}

// Type versions of spec 0.5.1 that are not 0.3.0 (STANDARDS.md §2).
const VERSIONS_05: Record<string, string> = {
  'change.created': '0.4.0',
  'artifact.downloaded': '0.2.0',
  'artifact.deleted': '0.2.0',
  'testcaserun.skipped': '0.2.0',
  'ticket.created': '0.2.0',
  'ticket.updated': '0.2.0',
  'ticket.closed': '0.2.0',
};

/** Version of `<subject>.<predicate>` in a spec release: 0.4.1 has each 0.5.1 type one minor lower. */
export function typeVersion(key: string, family: Family): string {
  const [major = '0', minor = '0', patch = '0'] = (VERSIONS_05[key] ?? '0.3.0').split('.');
  return family === '0.5' ? `${major}.${minor}.${patch}` : `${major}.${Number(minor) - 1}.${patch}`;
}
