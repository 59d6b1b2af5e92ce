-- One default window for every metric: 30 days, the dashboard's. Deployment frequency's 7 days
-- held a single week, too few for its level (the median of weekly deploy-days, or of monthly ones
-- for "medium"), and made `report` disagree with the dashboard. A setting still holding the old
-- default is moved; one a user changed is kept.
alter table settings
  alter column window_days set default '{"deployment_frequency": 30, "change_failure_rate": 30, "other": 30}';
update settings
   set window_days = '{"deployment_frequency": 30, "change_failure_rate": 30, "other": 30}'
 where window_days = '{"deployment_frequency": 7, "change_failure_rate": 30, "other": 30}'::jsonb;
