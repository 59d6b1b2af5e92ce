-- DORA performance bands (DESIGN.md §3 "Levels"), one row per report year, metric and level.
--
-- How a band is read (src/model/facts.ts BenchmarkBand): bands are tried elite → high → medium → low
-- and the first that holds wins; 'max' holds when value <= bound, 'min' when value >= bound; a null
-- bound always holds. So each published range becomes its upper bound, and a value in a gap between
-- two published ranges falls to the next-worse level.
--
-- Units: 1 hour = 3600 s, 1 day = 86400 s, 1 week = 604800 s, 1 month = 30 days = 2592000 s,
-- 6 months = 180 days = 15552000 s. Change failure rate is a ratio (5% = 0.05).
--
-- Where two levels publish the same range, the worse one is omitted: it could never be reached,
-- because the better band with the same bound always wins first.
--
-- Failed deployment recovery time uses the same bands as time to restore: the 2023 and 2024 reports
-- asked for failed deployment recovery time in the same column; 2021 predates that metric and its
-- time-to-restore bands are reused for it.
--
-- Deployment frequency is graded by the DESIGN.md §3.1 rule (deploy-days, not volume), identical
-- for every year: median deploy-days per calendar week >= 5 → elite, >= 1 → high; median deploy-days
-- per calendar month >= 1 → medium; else low.
--
-- Sources and verification (STANDARDS.md §3 "Performance clusters"):
-- * 2021: read from the 2021 report PDF in the dora-team/dora.dev repository (per STANDARDS.md).
-- * 2023 elite: confirmed by the 2023 infographic (per STANDARDS.md).
-- * 2023 high/medium/low and all of 2024: the report PDFs were not available here, so they were
--   checked against secondary sources only, which agree with STANDARDS.md on every value:
--   Octopus Deploy blog, "The 2023 DevOps performance clusters" (S. Fenton, 2023-10-03,
--   octopus.com/blog/software-delivery-performance-clusters-2023) and "The 2024 DevOps performance
--   clusters" (S. Fenton, 2024-10-23, octopus.com/blog/2024-devops-performance-clusters); for 2024
--   also a research note quoting the 2024 report PDF p. 13. dora.dev's 2024 errata confirms that
--   p. 13 holds the cluster table (its high and medium rows) but not the values.
--
-- Ranges as published, and how they were encoded:
-- 2021 lead time: elite < 1 hour; high 1 day – 1 week; medium 1 month – 6 months; low > 6 months.
-- 2021 restore: elite < 1 hour; high < 1 day; medium 1 day – 1 week; low > 6 months.
-- 2021 CFR: elite 0–15%; high, medium and low all 16–30%: medium is the omitted duplicate of high,
--   and low (null bound) takes everything above 30%.
-- 2023 lead time: elite < 1 day; high 1 day – 1 week; medium 1 week – 1 month; low also
--   1 week – 1 month (a duplicate of medium; low keeps its catch-all null bound).
-- 2023 recovery: elite < 1 hour; high < 1 day; medium 1 day – 1 week; low 1 – 6 months.
-- 2023 CFR (point values): elite 5%; high 10%; medium 15%; low 64%.
-- 2024 lead time: as 2023, except low 1 – 6 months.
-- 2024 recovery: elite < 1 hour; high < 1 day; medium < 1 day (omitted duplicate of high, so 1 day
--   and longer is low); low 1 week – 1 month.
-- 2024 CFR is non-monotone: elite 5%, high 20%, medium 10%, low 40%. Medium has no row: any rate
--   <= 0.10 is also <= 0.20, so the high band would always win first and a medium row could never be
--   reached. Encoded as elite <= 0.05, high <= 0.20, low otherwise.

create table if not exists dora_benchmarks (
  year int not null,
  metric text not null,
  level text not null,
  comparison text not null check (comparison in ('max', 'min')),
  bound double precision,
  unit text not null,
  source text not null,
  primary key (year, metric, level)
);

insert into dora_benchmarks (year, metric, level, comparison, bound, unit, source) values
  (2021, 'lead_time', 'elite', 'max', 3600, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'lead_time', 'high', 'max', 604800, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'lead_time', 'medium', 'max', 15552000, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'lead_time', 'low', 'max', null, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'time_to_restore', 'elite', 'max', 3600, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'time_to_restore', 'high', 'max', 86400, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'time_to_restore', 'medium', 'max', 604800, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'time_to_restore', 'low', 'max', null, 'seconds', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'failed_deployment_recovery_time', 'elite', 'max', 3600, 'seconds', 'DORA 2021 report time-to-restore bands (the 2021 report predates this metric); verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'failed_deployment_recovery_time', 'high', 'max', 86400, 'seconds', 'DORA 2021 report time-to-restore bands (the 2021 report predates this metric); verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'failed_deployment_recovery_time', 'medium', 'max', 604800, 'seconds', 'DORA 2021 report time-to-restore bands (the 2021 report predates this metric); verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'failed_deployment_recovery_time', 'low', 'max', null, 'seconds', 'DORA 2021 report time-to-restore bands (the 2021 report predates this metric); verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'change_failure_rate', 'elite', 'max', 0.15, 'ratio', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'change_failure_rate', 'high', 'max', 0.30, 'ratio', 'DORA 2021 Accelerate State of DevOps Report, performance clusters (high, medium and low all 16-30%; medium omitted); verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),
  (2021, 'change_failure_rate', 'low', 'max', null, 'ratio', 'DORA 2021 Accelerate State of DevOps Report, performance clusters; verified against the report PDF (dora-team/dora.dev), per STANDARDS.md §3'),

  (2023, 'lead_time', 'elite', 'max', 86400, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; elite row confirmed by the 2023 infographic (dora.dev), per STANDARDS.md §3'),
  (2023, 'lead_time', 'high', 'max', 604800, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'lead_time', 'medium', 'max', 2592000, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'lead_time', 'low', 'max', null, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters (low published 1 week - 1 month, as medium); report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'time_to_restore', 'elite', 'max', 3600, 'seconds', 'DORA 2023 report failed deployment recovery time bands; elite row confirmed by the 2023 infographic (dora.dev), per STANDARDS.md §3'),
  (2023, 'time_to_restore', 'high', 'max', 86400, 'seconds', 'DORA 2023 report failed deployment recovery time bands; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'time_to_restore', 'medium', 'max', 604800, 'seconds', 'DORA 2023 report failed deployment recovery time bands; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'time_to_restore', 'low', 'max', null, 'seconds', 'DORA 2023 report failed deployment recovery time bands; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'failed_deployment_recovery_time', 'elite', 'max', 3600, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; elite row confirmed by the 2023 infographic (dora.dev), per STANDARDS.md §3'),
  (2023, 'failed_deployment_recovery_time', 'high', 'max', 86400, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'failed_deployment_recovery_time', 'medium', 'max', 604800, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'failed_deployment_recovery_time', 'low', 'max', null, 'seconds', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'change_failure_rate', 'elite', 'max', 0.05, 'ratio', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; elite row confirmed by the 2023 infographic (dora.dev), per STANDARDS.md §3'),
  (2023, 'change_failure_rate', 'high', 'max', 0.10, 'ratio', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'change_failure_rate', 'medium', 'max', 0.15, 'ratio', 'DORA 2023 Accelerate State of DevOps Report, performance clusters; report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),
  (2023, 'change_failure_rate', 'low', 'max', null, 'ratio', 'DORA 2023 Accelerate State of DevOps Report, performance clusters (low 64%); report PDF not checked, matches secondary source octopus.com/blog/software-delivery-performance-clusters-2023 (2023-10-03)'),

  (2024, 'lead_time', 'elite', 'max', 86400, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'lead_time', 'high', 'max', 604800, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'lead_time', 'medium', 'max', 2592000, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'lead_time', 'low', 'max', null, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'time_to_restore', 'elite', 'max', 3600, 'seconds', 'DORA 2024 report p. 13 failed deployment recovery time bands; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'time_to_restore', 'high', 'max', 86400, 'seconds', 'DORA 2024 report p. 13 failed deployment recovery time bands (medium also < 1 day; omitted); report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'time_to_restore', 'low', 'max', null, 'seconds', 'DORA 2024 report p. 13 failed deployment recovery time bands; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'failed_deployment_recovery_time', 'elite', 'max', 3600, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'failed_deployment_recovery_time', 'high', 'max', 86400, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13 (medium also < 1 day; omitted); report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'failed_deployment_recovery_time', 'low', 'max', null, 'seconds', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'change_failure_rate', 'elite', 'max', 0.05, 'ratio', 'DORA 2024 Accelerate State of DevOps Report p. 13; report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'change_failure_rate', 'high', 'max', 0.20, 'ratio', 'DORA 2024 Accelerate State of DevOps Report p. 13 (medium 10% is unreachable after high 20%; omitted); report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),
  (2024, 'change_failure_rate', 'low', 'max', null, 'ratio', 'DORA 2024 Accelerate State of DevOps Report p. 13 (low 40%); report PDF not checked, matches octopus.com/blog/2024-devops-performance-clusters (2024-10-23) and a note quoting p. 13'),

  (2021, 'deployment_frequency', 'elite', 'min', 5, 'deploy_days_per_week', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar week >= 5), standing in for the report''s "on demand"'),
  (2021, 'deployment_frequency', 'high', 'min', 1, 'deploy_days_per_week', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar week >= 1)'),
  (2021, 'deployment_frequency', 'medium', 'min', 1, 'deploy_days_per_month', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar month >= 1)'),
  (2021, 'deployment_frequency', 'low', 'min', null, 'deploy_days_per_month', 'fivekeys DESIGN.md §3.1 rule (everything else)'),
  (2023, 'deployment_frequency', 'elite', 'min', 5, 'deploy_days_per_week', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar week >= 5), standing in for the report''s "on demand"'),
  (2023, 'deployment_frequency', 'high', 'min', 1, 'deploy_days_per_week', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar week >= 1)'),
  (2023, 'deployment_frequency', 'medium', 'min', 1, 'deploy_days_per_month', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar month >= 1)'),
  (2023, 'deployment_frequency', 'low', 'min', null, 'deploy_days_per_month', 'fivekeys DESIGN.md §3.1 rule (everything else)'),
  (2024, 'deployment_frequency', 'elite', 'min', 5, 'deploy_days_per_week', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar week >= 5), standing in for the report''s "on demand"'),
  (2024, 'deployment_frequency', 'high', 'min', 1, 'deploy_days_per_week', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar week >= 1)'),
  (2024, 'deployment_frequency', 'medium', 'min', 1, 'deploy_days_per_month', 'fivekeys DESIGN.md §3.1 rule (median deploy-days per calendar month >= 1)'),
  (2024, 'deployment_frequency', 'low', 'min', null, 'deploy_days_per_month', 'fivekeys DESIGN.md §3.1 rule (everything else)')
on conflict (year, metric, level) do nothing;
