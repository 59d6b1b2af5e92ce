/**
 * Options of the GitHub webhook adapter and their compiled form. Deployments come from GitHub
 * deployments by default; workflow runs and releases count only when configured, so a workflow that
 * creates a GitHub deployment is not counted twice.
 */
import { Type, type Static } from '@sinclair/typebox';
import { globMatcher, NameList } from '../transformers/fields.ts';

const DEFAULTS = {
  deploymentWorkflows: [] as string[],
  workflowEnvironment: 'production',
  releasesAsDeployments: false,
  releaseEnvironment: 'production',
  includePrereleases: false,
  incidentLabels: ['incident'],
  severityLabels: ['sev*', 'severity:*', 'severity/*', 'p[0-9]'],
};

const Environment = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, description, default: 'production' }));

const Flag = (description: string) => Type.Optional(Type.Boolean({ description, default: false }));

export const GitHubOptionsSchema = Type.Object(
  {
    deploymentWorkflows: NameList(
      DEFAULTS.deploymentWorkflows,
      'Actions workflows whose completed runs are deployments, as globs on the workflow name, its path ' +
        '(`.github/workflows/deploy.yml`) or its file name (`deploy.yml`). Default none: workflows that ' +
        'create GitHub deployments are already counted through deployment_status.',
    ),
    workflowEnvironment: Environment('The environment of deployment workflow runs. Default `production`.'),
    releasesAsDeployments: Flag('Count each published release as a successful deployment. Default false.'),
    releaseEnvironment: Environment(
      'The environment of releases counted as deployments. Default `production`.',
    ),
    includePrereleases: Flag('Count published prereleases too (with releasesAsDeployments). Default false.'),
    incidentLabels: NameList(
      DEFAULTS.incidentLabels,
      'Issue labels that make an issue an incident (exact names, any case). Default `incident`.',
    ),
    severityLabels: NameList(
      DEFAULTS.severityLabels,
      'Issue labels giving an incident its severity, as globs (any case); the first match wins and a ' +
        '`severity:` or `severity/` prefix is dropped. Default `sev*`, `severity:*`, `severity/*`, `p[0-9]`.',
    ),
  },
  { additionalProperties: false },
);
export type GitHubOptions = Static<typeof GitHubOptionsSchema>;

export interface GitHubSettings {
  deploymentWorkflows: readonly string[];
  workflowEnvironment: string;
  releasesAsDeployments: boolean;
  releaseEnvironment: string;
  includePrereleases: boolean;
  incidentLabels: readonly string[];
  isDeploymentWorkflow(name: string): boolean;
  isIncidentLabel(name: string): boolean;
  isSeverityLabel(name: string): boolean;
}

export function toGitHubSettings(options: GitHubOptions): GitHubSettings {
  const values = { ...DEFAULTS, ...options };
  const incidentNames = new Set(values.incidentLabels.map((name) => name.trim().toLowerCase()));
  return {
    ...values,
    isDeploymentWorkflow: globMatcher(values.deploymentWorkflows),
    isIncidentLabel: (name) => incidentNames.has(name.trim().toLowerCase()),
    isSeverityLabel: globMatcher(values.severityLabels),
  };
}
