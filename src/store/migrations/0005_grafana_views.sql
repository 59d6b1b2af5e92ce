-- Views for Grafana (dashboards/): the read contract of the dashboards and of users' own panels, so
-- neither breaks when a table changes. A later migration that alters a table these views read must
-- recreate them with the same columns (PostgreSQL refuses to drop a column a view uses).
--
-- Each view applies the selections of src/store/metric-facts.ts (DESIGN.md §3): only production
-- deployments, only counted incidents (`counted_severities`, per service else global), team and
-- application from the service catalog (null when the catalog has none). Durations are float8
-- seconds. A negative duration is clock skew: the metrics leave it out (the API counts it as
-- `excluded`), so aggregate `where x_seconds >= 0`. Grant a read-only Grafana role these views only:
-- a view reads its tables with its owner's rights.

create view grafana_settings as
select timezone, production_pattern, attribution_window_seconds, counted_severities, window_days
  from settings;

create view grafana_services as
select name as service, team, application, repositories, production_environments
  from services;

-- Production deployments, successful or not. `failed` and `failed_attempt` are the API's
-- change_failure_rate `failed` and `failed_attempts`: a successful deployment failed when a counted
-- incident is attributed to it or the next successful deployment of its stream remediated it; a
-- deployment with status failure is an attempt, outside the rate. Recovery (metrics/recovery.ts) is
-- the earlier of the remediating deployment's finish and the resolution of the last attributed
-- incident (null while one is open). `finished_date` is the local day in the configured time zone,
-- the day deployment frequency counts.
create view grafana_deployments as
select d.id as deployment_id, d.source, d.external_id, d.service, s.team, s.application, d.environment,
       d.status, d.effective_kind as kind, d.version, d.head_commit as commit, d.fixes_incidents,
       d.started_at, d.finished_at, (d.finished_at at time zone g.timezone)::date as finished_date,
       contents.changes,
       d.status = 'failure' as failed_attempt,
       f.failed,
       d.status = 'success'
         and (d.effective_kind in ('rollback', 'hotfix') or cardinality(d.fixes_incidents) > 0) as rework,
       inc.incidents, inc.resolved_at as incidents_resolved_at, d.remediated_at,
       case when f.failed then least(inc.resolved_at, d.remediated_at) end as recovered_at,
       extract(epoch from case when f.failed then least(inc.resolved_at, d.remediated_at) end
                          - d.finished_at)::float8 as recovery_seconds
  from deployments d
  cross join settings g
  left join services s on s.name = d.service
  cross join lateral (
    select count(*)::int as incidents,
           case when bool_and(i.resolved_at is not null) then max(i.resolved_at) end as resolved_at
      from incidents i
      left join services si on si.name = i.service
     where i.deployment_id = d.id
       and (cardinality(coalesce(si.counted_severities, g.counted_severities)) = 0
            or lower(i.severity) = any(coalesce(si.counted_severities, g.counted_severities)))) inc
  cross join lateral (
    select d.status = 'success' and (inc.incidents > 0 or d.remediated_at is not null) as failed) f
  cross join lateral (
    select count(*)::int as changes from deployment_changes dc where dc.deployment_id = d.id) contents
 where d.is_production;

-- Each change's first successful production deployment per service and environment, with
-- `first_in_service` marking the first of all environments. The API's lead time takes the
-- `first_in_service` rows; filtered on environments, the earliest row of each (sha, service) among
-- them (the dashboards' `firsts`), which for one environment is that environment's first deployment.
-- `committed_at` is the commit time, else the author time; a stage needs both of its ends.
create view grafana_lead_times as
select c.sha, c.repository, dc.service, s.team, s.application, dc.environment,
       dc.deployment_id, d.external_id as deployment_external_id, d.version,
       coalesce(c.committed_at, c.authored_at) as committed_at, dc.finished_at as deployed_at,
       extract(epoch from dc.finished_at - coalesce(c.committed_at, c.authored_at))::float8 as lead_seconds,
       dc.first_production as first_in_service,
       c.pr_number, c.pr_opened_at, c.pr_first_review_at, c.pr_approved_at, c.pr_merged_at,
       extract(epoch from c.pr_opened_at - coalesce(c.committed_at, c.authored_at))::float8 as coding_seconds,
       extract(epoch from c.pr_first_review_at - c.pr_opened_at)::float8 as pickup_seconds,
       extract(epoch from c.pr_merged_at - c.pr_first_review_at)::float8 as review_seconds,
       extract(epoch from dc.finished_at - c.pr_merged_at)::float8 as deploy_seconds,
       extract(epoch from c.pr_approved_at - c.pr_opened_at)::float8 as review_lead_seconds,
       extract(epoch from dc.finished_at - c.pr_approved_at)::float8 as deployment_lead_seconds
  from deployment_changes dc
  join deployments d on d.id = dc.deployment_id
  join changes c on c.sha = dc.sha
  left join services s on s.name = dc.service
 where d.is_production
   and not exists (
     select 1 from deployment_changes e join deployments ed on ed.id = e.deployment_id
      where e.sha = dc.sha and e.service = dc.service and e.environment = dc.environment and ed.is_production
        and (e.finished_at, e.deployment_id) < (dc.finished_at, dc.deployment_id));

-- Counted incidents, open or resolved, leaving out those that name a non-production environment
-- (time to restore: incidents resolved in the window). `deployment_id` is the attributed deployment.
create view grafana_incidents as
select i.id as incident_id, i.source, i.external_id, i.service, s.team, s.application, i.environment,
       i.severity, i.title, i.started_at, i.resolved_at,
       extract(epoch from i.resolved_at - i.started_at)::float8 as restore_seconds,
       i.deployment_id, d.external_id as deployment_external_id, i.attribution_method
  from incidents i
  cross join settings g
  left join services s on s.name = i.service
  left join deployments d on d.id = i.deployment_id
 where (cardinality(coalesce(s.counted_severities, g.counted_severities)) = 0
        or lower(i.severity) = any(coalesce(s.counted_severities, g.counted_severities)))
   and (i.environment is null or (case when cardinality(s.production_environments) > 0
          then i.environment = any(s.production_environments)
          else i.environment ~* coalesce(s.production_pattern, g.production_pattern) end));
