/**
 * Every answer a test server gives, checked against `/openapi.json`: its status must be documented
 * for the route, its media type too, and a JSON body must match the schema with
 * `additionalProperties: false` wherever the schema leaves it open. The handler's value is checked
 * before serialization, so a field the schema forgets (which the serializer would silently drop)
 * fails the test instead of vanishing from the answer.
 * FIVEKEYS_COUNT_VALIDATED=1 prints how many answers a test process checked.
 */
import { Readable } from 'node:stream';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Answer } from '../../src/http/answer-check.ts';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const counted = { answers: 0, bodies: 0, operations: new Set<string>() };
if (process.env.FIVEKEYS_COUNT_VALIDATED === '1') {
  process.on('exit', () => {
    process.stderr.write(
      `openapi-answers: ${counted.answers} answers checked (${counted.bodies} JSON bodies against their schema) over ${counted.operations.size} operations\n`,
    );
  });
}

/** The schema as a strict validator reads it: components inlined, open objects closed. */
function strict(schema: unknown, components: Record<string, Schema>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => strict(item, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as Schema).$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    return strict(components[name], components);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas; its keys are not keywords.
    out[key] =
      key === 'properties' || key === 'patternProperties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strict(v, components)]))
        : strict(value, components);
  }
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

const openApiPath = (route: string) => route.replace(/:(\w+)/g, '{$1}');
const isJson = (mediaType: string) => /^application\/([\w.+-]+\+)?json$/.test(mediaType);

export function createAnswerChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  const components = document.components?.schemas ?? {};

  /** What is wrong with the answer, or undefined when the document describes it. */
  return function mismatch(answer: Answer): string | undefined {
    if (answer.route === undefined) return undefined;
    const key = `${answer.method} ${openApiPath(answer.route)}`;
    const operation = document.paths[openApiPath(answer.route)]?.[answer.method.toLowerCase()];
    // Routes hidden from the document (the dashboard, /docs, /openapi.json) are not checked.
    if (!operation) return undefined;
    counted.answers += 1;
    counted.operations.add(key);
    const status = String(answer.status);
    const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`];
    if (!documented) return `${key} answered ${status}, which the document does not list`;
    const body = answer.payload;
    const empty = body === undefined || body === null || body === '';
    if (!documented.content)
      return empty ? undefined : `${key} ${status} has a body the document does not describe`;
    const mediaType = (answer.contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
    const media = Object.entries(documented.content).find(
      ([name]) => name.split(';')[0]!.trim() === mediaType,
    );
    if (!media)
      return `${key} ${status} is ${mediaType}; the document lists ${Object.keys(documented.content).join(', ')}`;
    if (!isJson(mediaType) || body instanceof Readable || Buffer.isBuffer(body)) return undefined;
    const value: unknown = answer.serialized ? JSON.parse(String(body)) : JSON.parse(JSON.stringify(body));
    const id = `${key} ${status} ${media[0]}`;
    let validate = validators.get(id);
    if (!validate) {
      validate = ajv.compile(strict(media[1].schema ?? {}, components) as Schema);
      validators.set(id, validate);
    }
    counted.bodies += 1;
    if (validate(value)) return undefined;
    const problems = (validate.errors ?? []).map(({ instancePath, message, params }) => {
      const extra = (params as { additionalProperty?: string }).additionalProperty;
      return `${instancePath || '(body)'} ${message}${extra ? `: "${extra}"` : ''}`;
    });
    return `${key} ${status} does not match its schema: ${problems.join('; ')}\n${JSON.stringify(value).slice(0, 1500)}`;
  };
}
