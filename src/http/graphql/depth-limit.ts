/**
 * A depth limit for data queries that leaves introspection alone. mercurius' own `queryDepth`
 * counts `__schema`/`__type` like data, so the standard introspection query (depth 15: its
 * `ofType` chain) that GraphiQL, Apollo, codegen and Postman send was refused. Introspection stays
 * bounded anyway: graphql-js' MaxIntrospectionDepthRule (in `specifiedRules`) caps its cyclic
 * `fields { type { fields ...` nesting, and the field budget counts its fields.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

export function depthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const depth = selectionDepth(context, operation.selectionSet, {
        visiting: new Set(),
        known: new Map(),
      });
      if (depth > maxDepth) {
        const name = operation.name?.value ?? 'the query';
        context.reportError(
          new GraphQLError(
            `${name} nests ${depth} levels deep; the limit is ${maxDepth}. Ask less at once.`,
            {
              nodes: operation,
            },
          ),
        );
      }
    },
  });
}

interface FragmentWalk {
  visiting: Set<string>;
  /** Each fragment's depth once known: a fragment spread many times is walked once. */
  known: Map<string, number>;
}

/** Fields nested under `set`; fragments add their selections, not a level of their own. */
function selectionDepth(context: ValidationContext, set: SelectionSetNode, walk: FragmentWalk): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
      const inner = selection.selectionSet ? selectionDepth(context, selection.selectionSet, walk) : 0;
      deepest = Math.max(deepest, 1 + inner);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(context, selection.selectionSet, walk));
    } else {
      deepest = Math.max(deepest, fragmentDepth(context, selection.name.value, walk));
    }
  }
  return deepest;
}

function fragmentDepth(context: ValidationContext, name: string, walk: FragmentWalk): number {
  const known = walk.known.get(name);
  if (known !== undefined) return known;
  const fragment = context.getFragment(name);
  // A cycle is NoFragmentCyclesRule's to report; it must not loop here meanwhile.
  if (!fragment || walk.visiting.has(name)) return 0;
  walk.visiting.add(name);
  const depth = selectionDepth(context, fragment.selectionSet, walk);
  walk.visiting.delete(name);
  walk.known.set(name, depth);
  return depth;
}
