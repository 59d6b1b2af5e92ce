/**
 * Route schemas compiled on a route's first request instead of while the server boots. Fastify
 * compiles the validators of every route before it listens: ~150 ms of an embedded start of
 * ~1.8 s (measured on a 2-core machine), for routes a given process may never serve. The
 * validators are Fastify's own (`@fastify/ajv-compiler`, with the server's ajv options), so a
 * request is checked exactly as before; only the moment of compiling moves. Our schemas are fixed
 * in the code and every route is exercised by the tests, so a schema Ajv rejects cannot wait for
 * a user's first request to show up.
 */
import AjvCompiler from '@fastify/ajv-compiler';

type ValidatorFactory = AjvCompiler.ValidatorFactory;
type Validate = ReturnType<ReturnType<ValidatorFactory>>;

export function lazyValidators(): ValidatorFactory {
  const build = AjvCompiler();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let validate: Validate | undefined;
      // Fastify reads `errors` from the function it was given after a failed check.
      const lazy = Object.assign(
        (data: unknown) => {
          validate ??= compile(route);
          const valid = validate(data);
          lazy.errors = validate.errors;
          return valid;
        },
        { errors: null as Validate['errors'] },
      );
      return lazy as Validate;
    };
  };
}
