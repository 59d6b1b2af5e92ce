/**
 * The `cloudevents` section of the YAML config: routes, declarative mappings and the options of
 * each built-in transformer, compiled into the router. Everything wrong fails at start-up with the
 * config path of the offending rule.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { CdEventsOptionsSchema, cdeventsTransformer } from '../cdevents/transform.ts';
import { JenkinsOptionsSchema, jenkinsTransformer } from '../transformers/jenkins.ts';
import { KeptnOptionsSchema, keptnTransformer } from '../transformers/keptn.ts';
import { KnativeOptionsSchema, knativeTransformer } from '../transformers/knative.ts';
import { compileMappingRules, MappingRuleSchema } from '../transformers/mapping.ts';
import { TektonOptionsSchema, tektonTransformer } from '../transformers/tekton.ts';
import type { Transformer } from './event.ts';
import { createRouter, type Router } from './routing.ts';

const NonEmpty = Type.String({ minLength: 1 });

export const CloudEventsConfigSchema = Type.Object(
  {
    routes: Type.Optional(
      Type.Array(
        Type.Object(
          { type: NonEmpty, transformers: Type.Array(NonEmpty, { minItems: 1 }) },
          { additionalProperties: false },
        ),
      ),
    ),
    mappings: Type.Optional(Type.Array(MappingRuleSchema)),
    cdevents: Type.Optional(CdEventsOptionsSchema),
    tekton: Type.Optional(TektonOptionsSchema),
    knative: Type.Optional(KnativeOptionsSchema),
    keptn: Type.Optional(KeptnOptionsSchema),
    jenkins: Type.Optional(JenkinsOptionsSchema),
  },
  { additionalProperties: false },
);

export type CloudEventsConfig = Static<typeof CloudEventsConfigSchema>;

export function createCloudEventsRouter(config: CloudEventsConfig = {}, path = 'cloudevents'): Router {
  const transformers = new Map<string, Transformer>([
    ['cdevents', cdeventsTransformer(config.cdevents)],
    ['tekton', tektonTransformer(config.tekton)],
    ['knative', knativeTransformer(config.knative)],
    ['keptn', keptnTransformer(config.keptn)],
    ['jenkins', jenkinsTransformer(config.jenkins)],
  ]);
  const mappings = compileMappingRules(config.mappings ?? [], `${path}.mappings`);
  for (const [name, transformer] of mappings) {
    if (transformers.has(name)) {
      throw new AppError(
        'invalid_config',
        `${path}.mappings: "${name}" is the name of a built-in transformer`,
        {
          field: `${path}.mappings`,
        },
      );
    }
    transformers.set(name, transformer);
  }
  return createRouter(config.routes ?? [], transformers, `${path}.routes`);
}
