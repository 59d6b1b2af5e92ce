/** The `warnings` every ingest answer may carry: events stored that will not count, and why. */
export const IngestWarningsSchema = {
  type: 'array',
  description: 'Events stored that will not count, and why; present only when there are some.',
  items: {
    type: 'object',
    properties: {
      code: {
        type: 'string',
        enum: ['not_production', 'commit_abbreviated', 'commit_unknown', 'incident_unattributed'],
      },
      message: { type: 'string' },
      kind: { type: 'string', enum: ['deployment', 'incident'] },
      index: { type: 'integer', description: "The event's place among the request's events of its kind" },
      id: { type: 'string', description: "The event's id (a deployment's or incident's external id)" },
    },
    required: ['code', 'message', 'kind', 'index', 'id'],
  },
} as const;
