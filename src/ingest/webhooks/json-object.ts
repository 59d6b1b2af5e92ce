import secureJson from 'secure-json-parse';
import { invalid, isRecord, type JsonRecord } from '../transformers/fields.ts';

/**
 * A webhook body: one JSON object, with `__proto__` and `constructor.prototype` keys dropped.
 * `expected` says what the source sends, for the message of a body that is not an object.
 */
export function parseJsonObject(text: string, expected: string): JsonRecord {
  let body: unknown;
  try {
    body = secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (cause) {
    throw invalid('body', `not valid JSON: ${(cause as Error).message}`);
  }
  if (!isRecord(body)) throw invalid('body', `expected ${expected}`);
  return body;
}
