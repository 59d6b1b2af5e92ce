/**
 * The GraphQL schema (`POST /api/graphql`): the REST API's resources with the same arguments and
 * the same snake_case field names, so a query and its REST twin compare field by field.
 */
const WINDOW_ARGS = `from: String, to: String, service: String, application: String, team: String, environment: String`;
const PAGE_ARGS = `${WINDOW_ARGS}, first: Int = 100, after: String, sort: String`;

export const SCHEMA = /* GraphQL */ `
  "A group of services (the catalog's application, else the service itself), as DevLake names it."
  type Project {
    name: String!
    services: [Service!]!
    teams: [String!]!
  }

  type Service {
    name: String!
    application: String
    team: String
    repositories: [String!]!
    production_environments: [String!]!
  }

  type Team {
    name: String!
    services: [Service!]!
  }

  type Window {
    from: String!
    to: String!
  }

  type DeploymentFrequency {
    count: Int!
    deploy_days: Int!
    per_day: Float
    per_week: Float
    level: String
    window: Window!
  }

  type Stage {
    n: Int!
    median_seconds: Float
    p75_seconds: Float
    mean_seconds: Float
  }

  type LeadTimeStages {
    coding: Stage!
    pickup: Stage!
    review: Stage!
    deploy: Stage!
    review_lead_time: Stage!
    deployment_lead_time: Stage!
  }

  type LeadTime {
    n: Int!
    median_seconds: Float
    p75_seconds: Float
    p90_seconds: Float
    mean_seconds: Float
    excluded: Int!
    "Of the n changes measured, those that came through a pull request"
    with_pull_request: Int!
    stages: LeadTimeStages!
    level: String
  }

  type ChangeFailureRate {
    total: Int!
    failed: Int!
    rate: Float
    failed_attempts: Int!
    level: String
    window: Window!
  }

  type TimeToRestore {
    n: Int!
    median_seconds: Float
    mean_seconds: Float
    p90_seconds: Float
    excluded: Int!
    level: String
  }

  type FailedDeploymentRecovery {
    n: Int!
    median_seconds: Float
    level: String
  }

  type ReworkRate {
    total: Int!
    rework: Int!
    rate: Float
  }

  "The five DORA metrics with levels, as GET /api/v1/metrics."
  type Metrics {
    window: Window!
    benchmark: Int!
    timezone: String!
    deployment_frequency: DeploymentFrequency!
    lead_time: LeadTime!
    change_failure_rate: ChangeFailureRate!
    time_to_restore: TimeToRestore!
    failed_deployment_recovery_time: FailedDeploymentRecovery!
    rework_rate: ReworkRate!
    level: String
    "Filters (team, service, application) that name nothing known: every number is then empty."
    warnings: [FilterWarning!]!
  }

  "What metricGroups groups by: a service's catalog team or application, or the service itself."
  enum MetricGroupBy {
    TEAM
    SERVICE
    APPLICATION
  }

  "One team, service or application of metricGroups: its key fields and the metrics metrics() gives when filtered to it."
  type MetricGroup {
    "By TEAM: the team (null: services with no team). By SERVICE: the service's catalog team."
    team: String
    "By SERVICE only."
    service: String
    "By APPLICATION: the application (null: services with none). By SERVICE: the service's."
    application: String
    deployment_frequency: DeploymentFrequency!
    lead_time: LeadTime!
    change_failure_rate: ChangeFailureRate!
    time_to_restore: TimeToRestore!
    failed_deployment_recovery_time: FailedDeploymentRecovery!
    rework_rate: ReworkRate!
    level: String
  }

  "Metrics for the filter and per group, as GET /api/v1/metrics?group_by=."
  type MetricGroups {
    window: Window!
    benchmark: Int!
    timezone: String!
    deployment_frequency: DeploymentFrequency!
    lead_time: LeadTime!
    change_failure_rate: ChangeFailureRate!
    time_to_restore: TimeToRestore!
    failed_deployment_recovery_time: FailedDeploymentRecovery!
    rework_rate: ReworkRate!
    level: String
    warnings: [FilterWarning!]!
    "team, service or application"
    group_by: String!
    "Sorted by key, the null key last; catalog services without data included (n = 0)."
    groups: [MetricGroup!]!
  }

  type FilterWarning {
    code: String!
    field: String!
    message: String!
  }

  type AttributedDeployment {
    id: String!
    attribution_method: String
  }

  type Incident {
    id: String!
    source: String!
    service: String
    environment: String
    severity: String
    title: String
    started_at: String!
    start_reported: Boolean!
    resolved_at: String
    counted: Boolean!
    restored: Boolean!
    restore_seconds: Float
    deployment: AttributedDeployment
    links: IncidentLinks!
  }

  "The incident's page at its source, when the source named one"
  type IncidentLinks {
    incident: String
  }

  type DeployedChange {
    sha: String!
    repository: String!
    committed_at: String
    author: String
    message: String
    pull_request: Int
    first_production: Boolean!
    lead_time_seconds: Float
    links: SourceLinks!
  }

  "On the repository's web page the source sent (GitHub, GitHub Enterprise, GitLab); null when it is unknown"
  type SourceLinks {
    commit: String
    pull_request: String
  }

  "Commit links as for changes, and the page of the run the source named"
  type DeploymentLinks {
    commit: String
    pull_request: String
    pipeline: String
  }

  type Deployment {
    id: String!
    source: String!
    service: String!
    team: String
    application: String
    environment: String!
    production: Boolean!
    status: String!
    kind: String!
    started_at: String
    finished_at: String!
    version: String
    repository: String
    commit: String
    failed: Boolean!
    rework: Boolean!
    remediated: Boolean!
    fixes_incidents: [String!]!
    remediated_at: String
    recovered_at: String
    recovery_seconds: Float
    changes: [DeployedChange!]!
    incidents: [Incident!]!
    links: DeploymentLinks!
  }

  type PullRequest {
    number: Int!
    opened_at: String
    first_review_at: String
    approved_at: String
    merged_at: String
  }

  type FirstDeployment {
    id: String!
    environment: String!
    finished_at: String!
  }

  type ChangeStages {
    coding: Float
    pickup: Float
    review: Float
    deploy: Float
    review_lead_time: Float
    deployment_lead_time: Float
  }

  type Change {
    sha: String!
    repository: String!
    service: String!
    committed_at: String
    author: String
    message: String
    pull_request: PullRequest
    first_production_deployment: FirstDeployment!
    lead_time_seconds: Float
    stages: ChangeStages!
    links: SourceLinks!
  }

  type DeploymentPage {
    window: Window!
    "Rows matching the filters over the whole window, not this page"
    total: Int!
    items: [Deployment!]!
    next_cursor: String
  }

  type ChangePage {
    window: Window!
    "Rows matching the filters over the whole window, not this page"
    total: Int!
    items: [Change!]!
    next_cursor: String
  }

  type IncidentPage {
    window: Window!
    "Rows matching the filters over the whole window, not this page"
    total: Int!
    items: [Incident!]!
    next_cursor: String
  }

  type Query {
    projects: [Project!]!
    applications: [Project!]!
    services(team: String, application: String): [Service!]!
    teams: [Team!]!
    metrics(${WINDOW_ARGS}, benchmark: Int): Metrics!
    metricGroups(by: MetricGroupBy!, ${WINDOW_ARGS}, benchmark: Int): MetricGroups!
    deployments(
      ${PAGE_ARGS}
      production: Boolean
      status: String
      failed: Boolean
      rework: Boolean
      remediated: Boolean
    ): DeploymentPage!
    changes(${PAGE_ARGS}, stage: String, min_seconds: Float, pull_request: Boolean): ChangePage!
    incidents(${PAGE_ARGS}, counted: Boolean, attributed: Boolean, restored: Boolean): IncidentPage!
  }
`;
