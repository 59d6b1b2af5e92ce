/**
 * Stat panels → a field of the metrics response, or a number by hand (arrival-order.test.ts has the
 * scenario's metrics worked out). By hand: the range is one whole Monday week holding the deploy-days
 * 2, 3, 4 and 5 March, and no whole month (so the month median is the range as one period: 4); d4, d5
 * are rollbacks, d6 a hotfix that also fixes i2.
 */
export const STATS: Record<string, string | number> = {
  'fivekeys-overview/Deployment frequency': 4,
  'fivekeys-overview/Lead time for changes': 'lead_time.median_seconds',
  'fivekeys-overview/Change failure rate': 'change_failure_rate.rate',
  'fivekeys-overview/Failed deployment recovery time': 'failed_deployment_recovery_time.median_seconds',
  'fivekeys-overview/Time to restore service': 'time_to_restore.median_seconds',
  'fivekeys-overview/Deployment rework rate': 'rework_rate.rate',
  'fivekeys-deployment-frequency/Deployments': 'deployment_frequency.count',
  'fivekeys-deployment-frequency/Deploy days': 'deployment_frequency.deploy_days',
  'fivekeys-deployment-frequency/Per day': 'deployment_frequency.per_day',
  'fivekeys-deployment-frequency/Per week': 'deployment_frequency.per_week',
  'fivekeys-deployment-frequency/Deploy-days per week (median)': 4,
  'fivekeys-deployment-frequency/Deploy-days per month (median)': 4,
  'fivekeys-lead-time/Median': 'lead_time.median_seconds',
  'fivekeys-lead-time/p75': 'lead_time.p75_seconds',
  'fivekeys-lead-time/p90': 'lead_time.p90_seconds',
  'fivekeys-lead-time/Mean': 'lead_time.mean_seconds',
  'fivekeys-lead-time/Changes': 'lead_time.n',
  'fivekeys-lead-time/Excluded (clock skew)': 'lead_time.excluded',
  'fivekeys-change-failure-rate/Change failure rate': 'change_failure_rate.rate',
  'fivekeys-change-failure-rate/Failed': 'change_failure_rate.failed',
  'fivekeys-change-failure-rate/Deployments': 'change_failure_rate.total',
  'fivekeys-change-failure-rate/Failed attempts': 'change_failure_rate.failed_attempts',
  'fivekeys-recovery/Time to restore (median)': 'time_to_restore.median_seconds',
  'fivekeys-recovery/Time to restore (mean)': 'time_to_restore.mean_seconds',
  'fivekeys-recovery/Time to restore (p90)': 'time_to_restore.p90_seconds',
  'fivekeys-recovery/Incidents resolved': 'time_to_restore.n',
  'fivekeys-recovery/Failed deployment recovery (median)': 'failed_deployment_recovery_time.median_seconds',
  'fivekeys-recovery/Failed deployments recovered': 'failed_deployment_recovery_time.n',
  'fivekeys-rework-rate/Rework rate': 'rework_rate.rate',
  'fivekeys-rework-rate/Rework': 'rework_rate.rework',
  'fivekeys-rework-rate/Deployments': 'rework_rate.total',
  'fivekeys-rework-rate/Rollbacks': 2,
  'fivekeys-rework-rate/Hotfixes': 1,
  'fivekeys-rework-rate/Incident fixes': 1,
};
