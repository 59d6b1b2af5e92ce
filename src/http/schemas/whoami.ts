/** The answer of `GET /api/v1/auth/whoami`: who the caller is and what its token may do. */
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.ts';

export const Whoami = Type.Object({
  authentication: Type.Boolean({
    description: 'False when the service is open (no token configured): then `token` is null',
  }),
  scopes: Type.Array(Type.Unsafe<string>({ type: 'string', enum: ['ingest', 'read', 'admin'] }), {
    description: 'What the caller may do; `admin` includes the others',
  }),
  token: Nullable(
    Type.Object({
      id: Type.String({ description: '`admin-token` for FIVEKEYS_ADMIN_TOKEN' }),
      name: Type.String(),
    }),
  ),
  user: Nullable(Type.String({ description: 'The username, for a token bought with a password' })),
});
