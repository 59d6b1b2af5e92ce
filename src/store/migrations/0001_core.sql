-- The raw request log, the normalized tables of DESIGN.md §2, attributions, catalog, settings, tokens.

-- Every accepted request, verbatim, so the normalized tables can be rebuilt by `fivekeys replay`.
create table raw_requests (
  id bigserial primary key,
  source text not null,
  delivery_id text,
  received_at timestamptz not null default now(),
  content_type text,
  headers jsonb not null default '{}',
  body text not null
);
create unique index raw_requests_delivery on raw_requests (source, delivery_id) where delivery_id is not null;
create index raw_requests_received on raw_requests (received_at);

-- A commit is identified by its sha alone: forks share commits, and a repository may be named by
-- URL in one source and owner/name in another.
create table changes (
  sha text primary key,
  repository text not null,
  parents text[],
  committed_at timestamptz,
  authored_at timestamptz,
  author text,
  message text,
  service text,
  pr_number int,
  pr_opened_at timestamptz,
  pr_first_review_at timestamptz,
  pr_approved_at timestamptz,
  pr_merged_at timestamptz,
  pr_merge_sha text,
  received_at timestamptz not null default now()
);

create table deployments (
  id bigserial primary key,
  source text not null,
  external_id text not null,
  service text not null,
  environment text not null,
  status text not null check (status in ('success', 'failure')),
  started_at timestamptz,
  finished_at timestamptz not null,
  version text,
  repository text,
  head_commit text,
  commits text[],
  kind text check (kind in ('standard', 'rollback', 'hotfix')),
  fixes_incidents text[] not null default '{}',
  production_hint boolean,
  -- Derived by attribution (rebuildable):
  is_production boolean not null default false,
  effective_kind text not null default 'standard',
  remediated_at timestamptz,
  received_at timestamptz not null default now(),
  unique (source, external_id)
);
create index deployments_stream on deployments (service, environment, finished_at, id);
create index deployments_window on deployments (finished_at) where is_production;
create index deployments_service_finished on deployments (service, finished_at) where status = 'success' and is_production;
create index deployments_version on deployments (service, environment, version, finished_at) where status = 'success';
create index deployments_external on deployments (external_id);

-- Which changes a successful deployment contains (DESIGN.md §3.2). Stream columns are copied from the
-- deployment, which never changes once stored, so range walks and "first deployment" tests need no join.
create table deployment_changes (
  deployment_id bigint not null references deployments (id) on delete cascade,
  sha text not null,
  service text not null,
  environment text not null,
  finished_at timestamptz not null,
  -- This is the first successful production deployment of its service to contain the commit: the
  -- one its lead time runs to. Maintained with the rows, so a metric query needs no anti-join.
  first_production boolean not null default false,
  primary key (deployment_id, sha)
);
create index deployment_changes_sha on deployment_changes (sha, service, environment, finished_at, deployment_id);
create index deployment_changes_first on deployment_changes (finished_at) where first_production;

create table incidents (
  id bigserial primary key,
  source text not null,
  external_id text not null,
  service text,
  environment text,
  severity text,
  title text,
  started_at timestamptz not null,
  resolved_at timestamptz,
  cause_deployment text,
  cause_version text,
  cause_commit text,
  -- Derived by attribution (rebuildable):
  deployment_id bigint references deployments (id) on delete set null,
  attribution_method text check (attribution_method in ('explicit', 'commit', 'version', 'time_window')),
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source, external_id)
);
create index incidents_deployment on incidents (deployment_id);
create index incidents_service_started on incidents (service, started_at);
create index incidents_resolved on incidents (resolved_at);
create index incidents_cause_deployment on incidents (cause_deployment) where cause_deployment is not null;
create index incidents_cause_version on incidents (cause_version) where cause_version is not null;
create index incidents_cause_commit on incidents (cause_commit) where cause_commit is not null;

-- The service catalog; null settings columns fall back to the global settings row.
create table services (
  name text primary key,
  application text,
  team text,
  repositories text[] not null default '{}',
  production_environments text[] not null default '{}',
  production_pattern text,
  attribution_window_seconds int,
  counted_severities text[],
  updated_at timestamptz not null default now()
);
create index services_team on services (team);
create index services_application on services (application);

create table settings (
  id int primary key default 1 check (id = 1),
  production_pattern text not null default '^prod',
  attribution_window_seconds int not null default 604800,
  counted_severities text[] not null default '{}',
  window_days jsonb not null default '{"deployment_frequency": 7, "change_failure_rate": 30, "other": 30}',
  timezone text not null default 'UTC'
);
insert into settings (id) values (1);

create table tokens (
  id text primary key,
  name text not null,
  secret_hash text not null,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
