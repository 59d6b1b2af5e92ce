/** The use cases over a test database, as service-level tests drive them (no HTTP, no auth). */
import { createAppServices } from '../../src/service/app.ts';
import type { Db } from '../../src/store/db.ts';

export const appServices = (db: Db) =>
  createAppServices(db, {
    auth: 'off',
    adminToken: undefined,
    adminUsername: undefined,
    adminPassword: undefined,
  });

/** The raw-log entry of a test request. */
export const raw = {
  source: 'test',
  delivery_id: null,
  content_type: 'application/json',
  headers: {},
  body: '{}',
};

export const WEEK = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-09T00:00:00Z') };
