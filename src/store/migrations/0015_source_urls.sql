-- The web pages sources name, for evidence links: the pipeline run or job log of a deployment, the
-- incident's page, and the repository's web URL (on a self-hosted GitLab or GitHub Enterprise the
-- host cannot be guessed from owner/name). All come from the stored payloads, so replay rebuilds them.
alter table deployments add column url text, add column repository_url text;
alter table incidents add column url text;
alter table changes add column repository_url text;
