/**
 * The CDEvents specification's own JSON Schemas (schemas/, vendored unchanged: see its README), as
 * JSON modules so the one-file bundle carries them. Compiled per type on first use (cdevent-schemas.ts).
 */
import v051_artifactdeleted from './schemas/v0.5.1/artifactdeleted.json' with { type: 'json' };
import v051_artifactdownloaded from './schemas/v0.5.1/artifactdownloaded.json' with { type: 'json' };
import v051_artifactpackaged from './schemas/v0.5.1/artifactpackaged.json' with { type: 'json' };
import v051_artifactpublished from './schemas/v0.5.1/artifactpublished.json' with { type: 'json' };
import v051_artifactsigned from './schemas/v0.5.1/artifactsigned.json' with { type: 'json' };
import v051_branchcreated from './schemas/v0.5.1/branchcreated.json' with { type: 'json' };
import v051_branchdeleted from './schemas/v0.5.1/branchdeleted.json' with { type: 'json' };
import v051_buildfinished from './schemas/v0.5.1/buildfinished.json' with { type: 'json' };
import v051_buildqueued from './schemas/v0.5.1/buildqueued.json' with { type: 'json' };
import v051_buildstarted from './schemas/v0.5.1/buildstarted.json' with { type: 'json' };
import v051_changeabandoned from './schemas/v0.5.1/changeabandoned.json' with { type: 'json' };
import v051_changecreated from './schemas/v0.5.1/changecreated.json' with { type: 'json' };
import v051_changemerged from './schemas/v0.5.1/changemerged.json' with { type: 'json' };
import v051_changereviewed from './schemas/v0.5.1/changereviewed.json' with { type: 'json' };
import v051_changeupdated from './schemas/v0.5.1/changeupdated.json' with { type: 'json' };
import v051_environmentcreated from './schemas/v0.5.1/environmentcreated.json' with { type: 'json' };
import v051_environmentdeleted from './schemas/v0.5.1/environmentdeleted.json' with { type: 'json' };
import v051_environmentmodified from './schemas/v0.5.1/environmentmodified.json' with { type: 'json' };
import v051_incidentdetected from './schemas/v0.5.1/incidentdetected.json' with { type: 'json' };
import v051_incidentreported from './schemas/v0.5.1/incidentreported.json' with { type: 'json' };
import v051_incidentresolved from './schemas/v0.5.1/incidentresolved.json' with { type: 'json' };
import v051_pipelinerunfinished from './schemas/v0.5.1/pipelinerunfinished.json' with { type: 'json' };
import v051_pipelinerunqueued from './schemas/v0.5.1/pipelinerunqueued.json' with { type: 'json' };
import v051_pipelinerunstarted from './schemas/v0.5.1/pipelinerunstarted.json' with { type: 'json' };
import v051_repositorycreated from './schemas/v0.5.1/repositorycreated.json' with { type: 'json' };
import v051_repositorydeleted from './schemas/v0.5.1/repositorydeleted.json' with { type: 'json' };
import v051_repositorymodified from './schemas/v0.5.1/repositorymodified.json' with { type: 'json' };
import v051_servicedeployed from './schemas/v0.5.1/servicedeployed.json' with { type: 'json' };
import v051_servicepublished from './schemas/v0.5.1/servicepublished.json' with { type: 'json' };
import v051_serviceremoved from './schemas/v0.5.1/serviceremoved.json' with { type: 'json' };
import v051_servicerolledback from './schemas/v0.5.1/servicerolledback.json' with { type: 'json' };
import v051_serviceupgraded from './schemas/v0.5.1/serviceupgraded.json' with { type: 'json' };
import v051_taskrunfinished from './schemas/v0.5.1/taskrunfinished.json' with { type: 'json' };
import v051_taskrunstarted from './schemas/v0.5.1/taskrunstarted.json' with { type: 'json' };
import v051_testcaserunfinished from './schemas/v0.5.1/testcaserunfinished.json' with { type: 'json' };
import v051_testcaserunqueued from './schemas/v0.5.1/testcaserunqueued.json' with { type: 'json' };
import v051_testcaserunskipped from './schemas/v0.5.1/testcaserunskipped.json' with { type: 'json' };
import v051_testcaserunstarted from './schemas/v0.5.1/testcaserunstarted.json' with { type: 'json' };
import v051_testoutputpublished from './schemas/v0.5.1/testoutputpublished.json' with { type: 'json' };
import v051_testsuiterunfinished from './schemas/v0.5.1/testsuiterunfinished.json' with { type: 'json' };
import v051_testsuiterunqueued from './schemas/v0.5.1/testsuiterunqueued.json' with { type: 'json' };
import v051_testsuiterunstarted from './schemas/v0.5.1/testsuiterunstarted.json' with { type: 'json' };
import v051_ticketclosed from './schemas/v0.5.1/ticketclosed.json' with { type: 'json' };
import v051_ticketcreated from './schemas/v0.5.1/ticketcreated.json' with { type: 'json' };
import v051_ticketupdated from './schemas/v0.5.1/ticketupdated.json' with { type: 'json' };
import v051_link_embeddedlinkend from './schemas/v0.5.1/links/embeddedlinkend.json' with { type: 'json' };
import v051_link_embeddedlinkpath from './schemas/v0.5.1/links/embeddedlinkpath.json' with { type: 'json' };
import v051_link_embeddedlinkrelation from './schemas/v0.5.1/links/embeddedlinkrelation.json' with { type: 'json' };
import v051_link_embeddedlinksarray from './schemas/v0.5.1/links/embeddedlinksarray.json' with { type: 'json' };
import v041_artifactdeleted from './schemas/v0.4.1/artifactdeleted.json' with { type: 'json' };
import v041_artifactdownloaded from './schemas/v0.4.1/artifactdownloaded.json' with { type: 'json' };
import v041_artifactpackaged from './schemas/v0.4.1/artifactpackaged.json' with { type: 'json' };
import v041_artifactpublished from './schemas/v0.4.1/artifactpublished.json' with { type: 'json' };
import v041_artifactsigned from './schemas/v0.4.1/artifactsigned.json' with { type: 'json' };
import v041_branchcreated from './schemas/v0.4.1/branchcreated.json' with { type: 'json' };
import v041_branchdeleted from './schemas/v0.4.1/branchdeleted.json' with { type: 'json' };
import v041_buildfinished from './schemas/v0.4.1/buildfinished.json' with { type: 'json' };
import v041_buildqueued from './schemas/v0.4.1/buildqueued.json' with { type: 'json' };
import v041_buildstarted from './schemas/v0.4.1/buildstarted.json' with { type: 'json' };
import v041_changeabandoned from './schemas/v0.4.1/changeabandoned.json' with { type: 'json' };
import v041_changecreated from './schemas/v0.4.1/changecreated.json' with { type: 'json' };
import v041_changemerged from './schemas/v0.4.1/changemerged.json' with { type: 'json' };
import v041_changereviewed from './schemas/v0.4.1/changereviewed.json' with { type: 'json' };
import v041_changeupdated from './schemas/v0.4.1/changeupdated.json' with { type: 'json' };
import v041_environmentcreated from './schemas/v0.4.1/environmentcreated.json' with { type: 'json' };
import v041_environmentdeleted from './schemas/v0.4.1/environmentdeleted.json' with { type: 'json' };
import v041_environmentmodified from './schemas/v0.4.1/environmentmodified.json' with { type: 'json' };
import v041_incidentdetected from './schemas/v0.4.1/incidentdetected.json' with { type: 'json' };
import v041_incidentreported from './schemas/v0.4.1/incidentreported.json' with { type: 'json' };
import v041_incidentresolved from './schemas/v0.4.1/incidentresolved.json' with { type: 'json' };
import v041_pipelinerunfinished from './schemas/v0.4.1/pipelinerunfinished.json' with { type: 'json' };
import v041_pipelinerunqueued from './schemas/v0.4.1/pipelinerunqueued.json' with { type: 'json' };
import v041_pipelinerunstarted from './schemas/v0.4.1/pipelinerunstarted.json' with { type: 'json' };
import v041_repositorycreated from './schemas/v0.4.1/repositorycreated.json' with { type: 'json' };
import v041_repositorydeleted from './schemas/v0.4.1/repositorydeleted.json' with { type: 'json' };
import v041_repositorymodified from './schemas/v0.4.1/repositorymodified.json' with { type: 'json' };
import v041_servicedeployed from './schemas/v0.4.1/servicedeployed.json' with { type: 'json' };
import v041_servicepublished from './schemas/v0.4.1/servicepublished.json' with { type: 'json' };
import v041_serviceremoved from './schemas/v0.4.1/serviceremoved.json' with { type: 'json' };
import v041_servicerolledback from './schemas/v0.4.1/servicerolledback.json' with { type: 'json' };
import v041_serviceupgraded from './schemas/v0.4.1/serviceupgraded.json' with { type: 'json' };
import v041_taskrunfinished from './schemas/v0.4.1/taskrunfinished.json' with { type: 'json' };
import v041_taskrunstarted from './schemas/v0.4.1/taskrunstarted.json' with { type: 'json' };
import v041_testcaserunfinished from './schemas/v0.4.1/testcaserunfinished.json' with { type: 'json' };
import v041_testcaserunqueued from './schemas/v0.4.1/testcaserunqueued.json' with { type: 'json' };
import v041_testcaserunskipped from './schemas/v0.4.1/testcaserunskipped.json' with { type: 'json' };
import v041_testcaserunstarted from './schemas/v0.4.1/testcaserunstarted.json' with { type: 'json' };
import v041_testoutputpublished from './schemas/v0.4.1/testoutputpublished.json' with { type: 'json' };
import v041_testsuiterunfinished from './schemas/v0.4.1/testsuiterunfinished.json' with { type: 'json' };
import v041_testsuiterunqueued from './schemas/v0.4.1/testsuiterunqueued.json' with { type: 'json' };
import v041_testsuiterunstarted from './schemas/v0.4.1/testsuiterunstarted.json' with { type: 'json' };
import v041_ticketclosed from './schemas/v0.4.1/ticketclosed.json' with { type: 'json' };
import v041_ticketcreated from './schemas/v0.4.1/ticketcreated.json' with { type: 'json' };
import v041_ticketupdated from './schemas/v0.4.1/ticketupdated.json' with { type: 'json' };
import v041_link_embeddedlinkend from './schemas/v0.4.1/links/embeddedlinkend.json' with { type: 'json' };
import v041_link_embeddedlinkpath from './schemas/v0.4.1/links/embeddedlinkpath.json' with { type: 'json' };
import v041_link_embeddedlinkrelation from './schemas/v0.4.1/links/embeddedlinkrelation.json' with { type: 'json' };
import v041_link_embeddedlinksarray from './schemas/v0.4.1/links/embeddedlinksarray.json' with { type: 'json' };
import v051_custom from './schemas/v0.5.1/custom/schema.json' with { type: 'json' };

export type JsonSchema = Record<string, unknown>;

export interface SpecRelease {
  /** '0.4': `context.version` and a required `subject.type`; '0.5': `context.specversion` instead. */
  family: '0.4' | '0.5';
  /** One schema per event type, each pinning its `context.type`. */
  events: readonly JsonSchema[];
  /** The embedded-link schemas the events reference by `$id` (`links/embeddedlinksarray`). */
  links: readonly JsonSchema[];
}

/** The schema of custom `dev.cdeventsx.*` events (0.5.1): the envelope with any content. */
export const CUSTOM_EVENT_SCHEMA: JsonSchema = v051_custom;

export const SPEC_RELEASES: readonly SpecRelease[] = [
  {
    family: '0.5',
    events: [
      v051_artifactdeleted,
      v051_artifactdownloaded,
      v051_artifactpackaged,
      v051_artifactpublished,
      v051_artifactsigned,
      v051_branchcreated,
      v051_branchdeleted,
      v051_buildfinished,
      v051_buildqueued,
      v051_buildstarted,
      v051_changeabandoned,
      v051_changecreated,
      v051_changemerged,
      v051_changereviewed,
      v051_changeupdated,
      v051_environmentcreated,
      v051_environmentdeleted,
      v051_environmentmodified,
      v051_incidentdetected,
      v051_incidentreported,
      v051_incidentresolved,
      v051_pipelinerunfinished,
      v051_pipelinerunqueued,
      v051_pipelinerunstarted,
      v051_repositorycreated,
      v051_repositorydeleted,
      v051_repositorymodified,
      v051_servicedeployed,
      v051_servicepublished,
      v051_serviceremoved,
      v051_servicerolledback,
      v051_serviceupgraded,
      v051_taskrunfinished,
      v051_taskrunstarted,
      v051_testcaserunfinished,
      v051_testcaserunqueued,
      v051_testcaserunskipped,
      v051_testcaserunstarted,
      v051_testoutputpublished,
      v051_testsuiterunfinished,
      v051_testsuiterunqueued,
      v051_testsuiterunstarted,
      v051_ticketclosed,
      v051_ticketcreated,
      v051_ticketupdated,
    ],
    links: [
      v051_link_embeddedlinkend,
      v051_link_embeddedlinkpath,
      v051_link_embeddedlinkrelation,
      v051_link_embeddedlinksarray,
    ],
  },
  {
    family: '0.4',
    events: [
      v041_artifactdeleted,
      v041_artifactdownloaded,
      v041_artifactpackaged,
      v041_artifactpublished,
      v041_artifactsigned,
      v041_branchcreated,
      v041_branchdeleted,
      v041_buildfinished,
      v041_buildqueued,
      v041_buildstarted,
      v041_changeabandoned,
      v041_changecreated,
      v041_changemerged,
      v041_changereviewed,
      v041_changeupdated,
      v041_environmentcreated,
      v041_environmentdeleted,
      v041_environmentmodified,
      v041_incidentdetected,
      v041_incidentreported,
      v041_incidentresolved,
      v041_pipelinerunfinished,
      v041_pipelinerunqueued,
      v041_pipelinerunstarted,
      v041_repositorycreated,
      v041_repositorydeleted,
      v041_repositorymodified,
      v041_servicedeployed,
      v041_servicepublished,
      v041_serviceremoved,
      v041_servicerolledback,
      v041_serviceupgraded,
      v041_taskrunfinished,
      v041_taskrunstarted,
      v041_testcaserunfinished,
      v041_testcaserunqueued,
      v041_testcaserunskipped,
      v041_testcaserunstarted,
      v041_testoutputpublished,
      v041_testsuiterunfinished,
      v041_testsuiterunqueued,
      v041_testsuiterunstarted,
      v041_ticketclosed,
      v041_ticketcreated,
      v041_ticketupdated,
    ],
    links: [
      v041_link_embeddedlinkend,
      v041_link_embeddedlinkpath,
      v041_link_embeddedlinkrelation,
      v041_link_embeddedlinksarray,
    ],
  },
];
