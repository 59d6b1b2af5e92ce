/** What a user may set under `webhooks.gitlab.options`, and the defaults the adapter applies. */
import { Type, type Static } from '@sinclair/typebox';
import { globMatcher, NameList } from '../transformers/fields.ts';

const DEFAULTS = {
  tagsAsDeployments: false,
  tagEnvironment: 'production',
  deploymentPipelines: [] as string[],
  pipelineEnvironment: 'production',
  releasesAsDeployments: false,
  releaseEnvironment: 'production',
  incidentLabels: ['incident'],
};

const Environment = (fallback: string, description: string) =>
  Type.Optional(Type.String({ minLength: 1, default: fallback, description }));

export const GitLabOptionsSchema = Type.Object(
  {
    tagsAsDeployments: Type.Optional(
      Type.Boolean({
        default: DEFAULTS.tagsAsDeployments,
        description:
          'Count every tag push as a successful deployment of the tagged commit, at the time fivekeys received it. Default false.',
      }),
    ),
    tagEnvironment: Environment(
      DEFAULTS.tagEnvironment,
      'Environment of deployments made from tag pushes. Default `production`.',
    ),
    deploymentPipelines: NameList(
      DEFAULTS.deploymentPipelines,
      'Pipelines that deploy, as case-insensitive globs on the pipeline name or its ref (`deploy*`, `main`). ' +
        'Default none: Deployment hooks describe deployments better.',
    ),
    pipelineEnvironment: Environment(
      DEFAULTS.pipelineEnvironment,
      'Environment of deployments made from matching pipelines. Default `production`.',
    ),
    releasesAsDeployments: Type.Optional(
      Type.Boolean({
        default: DEFAULTS.releasesAsDeployments,
        description:
          'Count every created release as a successful deployment at its `released_at`. Default false.',
      }),
    ),
    releaseEnvironment: Environment(
      DEFAULTS.releaseEnvironment,
      'Environment of deployments made from releases. Default `production`.',
    ),
    incidentLabels: NameList(
      DEFAULTS.incidentLabels,
      'Issues with a label matching one of these case-insensitive globs are incidents, as are issues of type ' +
        'Incident. Default `incident`.',
    ),
  },
  { additionalProperties: false },
);
export type GitLabOptions = Static<typeof GitLabOptionsSchema>;

export interface GitLabSettings {
  tagsAsDeployments: boolean;
  tagEnvironment: string;
  deploymentPipelines: readonly string[];
  isDeploymentPipeline: (name: string) => boolean;
  pipelineEnvironment: string;
  releasesAsDeployments: boolean;
  releaseEnvironment: string;
  isIncidentLabel: (title: string) => boolean;
}

export function toGitLabSettings(options: GitLabOptions): GitLabSettings {
  const deploymentPipelines = options.deploymentPipelines ?? DEFAULTS.deploymentPipelines;
  return {
    tagsAsDeployments: options.tagsAsDeployments ?? DEFAULTS.tagsAsDeployments,
    tagEnvironment: options.tagEnvironment ?? DEFAULTS.tagEnvironment,
    deploymentPipelines,
    isDeploymentPipeline: globMatcher(deploymentPipelines),
    pipelineEnvironment: options.pipelineEnvironment ?? DEFAULTS.pipelineEnvironment,
    releasesAsDeployments: options.releasesAsDeployments ?? DEFAULTS.releasesAsDeployments,
    releaseEnvironment: options.releaseEnvironment ?? DEFAULTS.releaseEnvironment,
    isIncidentLabel: globMatcher(options.incidentLabels ?? DEFAULTS.incidentLabels),
  };
}
