-- CDEvents reach commits through artifacts; raw requests record what they became (for users and replay).

-- Which change (commit) each artifact was built from (CDEvents artifact.packaged). A deployment that
-- names an artifact and no commit takes the artifact's commit, whichever of the two arrived first.
create table artifacts (
  id text primary key,
  commit text not null,
  repository text,
  received_at timestamptz not null default now()
);

alter table deployments add column artifact text;
-- True when the sender named an artifact and no commit: the head commit is the artifact's.
alter table deployments add column commit_from_artifact boolean not null default false;
create index deployments_artifact on deployments (artifact) where commit_from_artifact;

-- False while only an incident's resolution was reported (CDEvents incident.resolved before
-- incident.detected): its start is then an upper bound, replaced by the first reported start.
alter table incidents add column start_reported boolean not null default true;

-- What a raw request became: {"status": "mapped"|"ignored"|"failed", "reasons", "error", "counts",
-- "keys" (the deployments and incidents it produced), "fingerprint" (of the normalized rows)}.
-- Replay compares fingerprints, so re-running it with unchanged adapters touches nothing.
alter table raw_requests add column outcome jsonb;
alter table raw_requests add column replayed_at timestamptz;
create index raw_requests_source on raw_requests (source, id);
