-- One service's lead time, or a team's few services: a range of this index per service, instead of
-- the whole window of deployment_changes_first filtered by service (1M deployments, 90 days: 370k
-- rows read to keep 1.9k of one service, 37 ms).
create index deployment_changes_service_first on deployment_changes (service, finished_at)
  include (environment, committed_at, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at)
  where first_production;
