/** GraphQL's own answer shape, which its errors keep (with our code in `extensions`). */
import { Type } from '@sinclair/typebox';
import { ErrorRef, Nullable } from './common.ts';

const GraphQLAnswer = Type.Object({
  data: Type.Optional(Nullable(Type.Object({}, { additionalProperties: true }))),
  errors: Type.Optional(
    Type.Array(
      Type.Object(
        {
          message: Type.String(),
          locations: Type.Optional(Type.Array(Type.Object({ line: Type.Integer(), column: Type.Integer() }))),
          path: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Integer()]))),
          extensions: Type.Optional(Type.Object({}, { additionalProperties: true })),
        },
        { additionalProperties: true },
      ),
    ),
  ),
});

/** A query GraphQL refuses (400) or a database it cannot reach (503) answers in GraphQL's shape; a refused token in ours. */
const graphqlOrError = (description: string) => ({
  description,
  content: { 'application/json': { schema: Type.Union([GraphQLAnswer, ErrorRef]) } },
});

export const GRAPHQL_ANSWERS = {
  400: graphqlOrError('A query GraphQL refuses (`errors`), or bad variables (`error`)'),
  503: graphqlOrError('Database unavailable (`errors[].extensions.code`); retry after `Retry-After` seconds'),
};
