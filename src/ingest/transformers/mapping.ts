/**
 * Declarative mappings: a source added in the config file instead of code. A rule's JSONata
 * expressions turn a CloudEvent into rows of the native API's shape, validated by the native schemas,
 * so a mapped row obeys exactly the rules of one posted to /api/v1/deployments (DESIGN.md §4).
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { emptyEvents } from '../../model/events.ts';
import type { CloudEvent, Mapped, Transformer } from '../cloudevents/event.ts';
import { ChangeSchema, DeploymentSchema, IncidentSchema } from '../native-schemas.ts';
import { compileExpression, exclusive, type CompiledExpression } from './mapping-expression.ts';
import {
  appendRow,
  isRecord,
  KINDS,
  PLURAL,
  withoutAbsent,
  type Kind,
  type RowContext,
} from './mapping-rows.ts';

const Expression = Type.String({ minLength: 1, maxLength: 10_000 });
const strict = { additionalProperties: false } as const;
/** The native API's fields, each an expression: a typo in the config file fails at start-up. */
const fieldsOf = <S extends TObject>(schema: S) =>
  Type.Mapped(Type.KeyOf(schema), () => Type.Optional(Expression), strict);

export const MappingRuleSchema = Type.Object(
  {
    /** Also the rows' source: `mapping/<name>`. */
    name: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 63 }),
    /** The event is ignored unless this yields `true`. */
    when: Type.Optional(Expression),
    /** One row, one expression per field. */
    change: Type.Optional(fieldsOf(ChangeSchema)),
    deployment: Type.Optional(fieldsOf(DeploymentSchema)),
    incident: Type.Optional(fieldsOf(IncidentSchema)),
    /** Whole rows: one expression yielding an object or an array of objects. */
    changes: Type.Optional(Expression),
    deployments: Type.Optional(Expression),
    incidents: Type.Optional(Expression),
  },
  strict,
);
export type MappingRule = Static<typeof MappingRuleSchema>;

interface CompiledOutput {
  kind: Kind;
  fields: [string, CompiledExpression][];
  rows: CompiledExpression | undefined;
}

/** Compiles every expression once; `path` names the rule in the config file, e.g. `cloudevents.mappings[1]`. */
export function compileMappingRule(rule: MappingRule, path: string): Transformer {
  const { name } = rule;
  const when = rule.when === undefined ? undefined : compileExpression(rule.when, name, `${path}.when`);
  const outputs = KINDS.flatMap((kind) => compileOutput(rule, kind, path));
  if (outputs.length === 0) {
    throw configError(
      path,
      name,
      'it maps nothing; give deployment, deployments, change, changes, incident or incidents',
    );
  }
  return (event) =>
    exclusive(async (): Promise<Mapped> => {
      const input = toDocument(event);
      const pass = when ? await when.evaluate(input, 'when') : true;
      if (pass !== true) {
        const got =
          pass === false || pass === undefined || pass === null
            ? 'is false'
            : `yielded ${JSON.stringify(pass)}, not true`;
        return { ignored: `rule ${name}: when ${got}` };
      }
      const context: RowContext = { event, rule: name, events: emptyEvents() };
      for (const output of outputs) await mapOutput(output, input, context);
      const { changes, deployments, incidents } = context.events;
      if (changes.length + deployments.length + incidents.length === 0) {
        return { ignored: `rule ${name}: the expressions yielded no change, deployment or incident` };
      }
      return { events: context.events };
    });
}

/** Compiles a config file's rules, refusing two rules of one name (the name is the rows' source). */
export function compileMappingRules(
  rules: readonly MappingRule[],
  path = 'cloudevents.mappings',
): Map<string, Transformer> {
  const transformers = new Map<string, Transformer>();
  const firstIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    const first = firstIndex.get(rule.name);
    if (first !== undefined) {
      const reason = `it is already defined at ${path}[${first}]; rule names must be unique`;
      throw configError(`${path}[${index}].name`, rule.name, reason);
    }
    firstIndex.set(rule.name, index);
    transformers.set(rule.name, compileMappingRule(rule, `${path}[${index}]`));
  });
  return transformers;
}

function compileOutput(rule: MappingRule, kind: Kind, path: string): CompiledOutput[] {
  const compile = (source: string, field: string) => compileExpression(source, rule.name, `${path}.${field}`);
  const fieldMap: Record<string, string | undefined> | undefined = rule[kind];
  const fields = Object.entries(fieldMap ?? {}).flatMap(([field, source]) =>
    source === undefined
      ? []
      : [[field, compile(source, `${kind}.${field}`)] as [string, CompiledExpression]],
  );
  if (fieldMap !== undefined && fields.length === 0) {
    throw configError(`${path}.${kind}`, rule.name, `${kind} names no field; map at least one`);
  }
  if (kind === 'incident' && fieldMap !== undefined && fieldMap.id === undefined) {
    const reason =
      'incident.id is required: a later event about the incident (its resolution) must yield the same id';
    throw configError(`${path}.incident.id`, rule.name, reason);
  }
  const plural = rule[PLURAL[kind]];
  const rows = plural === undefined ? undefined : compile(plural, PLURAL[kind]);
  return fields.length > 0 || rows ? [{ kind, fields, rows }] : [];
}

function configError(field: string, rule: string, reason: string): AppError {
  return new AppError('invalid_config', `${field}: rule "${rule}": ${reason}`, { field });
}

/** Extensions first: an extension named like a core attribute (forbidden by the spec) cannot shadow it. */
function toDocument(event: CloudEvent): Record<string, unknown> {
  const { extensions, ...attributes } = event;
  return { ...extensions, ...attributes };
}

async function mapOutput({ kind, fields, rows }: CompiledOutput, input: unknown, context: RowContext) {
  if (fields.length > 0) {
    const row: Record<string, unknown> = {};
    for (const [field, expression] of fields) {
      row[field] = await expression.evaluate(input, `${kind}.${field}`);
    }
    const present = withoutAbsent(row);
    // Every field yielding nothing means this event has no such row, not an invalid one.
    if (Object.keys(present).length > 0) appendRow(kind, present, kind, context);
  }
  if (rows) {
    const plural = PLURAL[kind];
    const value = await rows.evaluate(input, plural);
    const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      appendRow(kind, isRecord(item) ? withoutAbsent(item) : item, `${plural}[${index}]`, context);
    });
  }
}
