/**
 * What the routes that read raw text take (CloudEvents, webhooks, the handshake), for the document
 * only: the body is checked over its exact bytes (signatures) or parsed by the CloudEvents HTTP
 * binding (structured, batch or binary mode), so no route schema validates it.
 */
import { Type } from '@sinclair/typebox';

const CloudEvent = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String({ minLength: 1 }),
    source: Type.String({ minLength: 1, format: 'uri-reference' }),
    type: Type.String({ minLength: 1, examples: ['dev.cdevents.service.deployed.0.3.0'] }),
    time: Type.Optional(Type.String({ format: 'date-time' })),
    subject: Type.Optional(Type.String()),
    datacontenttype: Type.Optional(Type.String()),
    data: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true, description: 'A CloudEvent 1.0 in the JSON event format' },
);

export const CLOUDEVENTS_BODY = {
  content: {
    'application/cloudevents+json': { schema: CloudEvent },
    'application/cloudevents-batch+json': { schema: Type.Array(CloudEvent) },
    'application/json': {
      schema: Type.Unknown({ description: 'Binary mode: the event data; the attributes are `ce-*` headers' }),
    },
  },
};

const attribute = (description: string) => Type.Optional(Type.String({ description }));

/** Binary mode's attributes (ce-specversion, ce-id, ce-source and ce-type are then required). */
export const CLOUDEVENTS_HEADERS = Type.Object({
  'ce-specversion': attribute('Binary mode: `1.0`'),
  'ce-id': attribute('Binary mode: the event id'),
  'ce-source': attribute('Binary mode: the event source (a URI reference)'),
  'ce-type': attribute('Binary mode: the event type'),
  'ce-time': attribute('Binary mode: when it happened (RFC 3339)'),
  'ce-subject': attribute('Binary mode: the subject'),
});

export const WEBHOOK_BODY = {
  content: {
    'application/json': { schema: Type.Unknown({ description: "The tool's own webhook payload" }) },
    'application/x-www-form-urlencoded': {
      schema: Type.Object({ payload: Type.String({ description: 'GitHub: the JSON payload' }) }),
    },
  },
};

export const HANDSHAKE_HEADERS = Type.Object({
  'webhook-request-origin': Type.String({ description: 'Who asks to send events' }),
});
