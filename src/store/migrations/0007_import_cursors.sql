-- Where an importer (`fivekeys import github`) stopped, per repository and resource: the newest
-- `updated_at` it has imported completely, so the next run asks the source only for what changed
-- since. Deliveries are idempotent anyway (delivery ids), so a cursor may lag but never skips.
create table import_cursors (
  source text not null,
  scope text not null,
  resource text not null,
  position timestamptz not null,
  updated_at timestamptz not null default now(),
  primary key (source, scope, resource)
);
