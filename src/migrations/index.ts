import type { Migration } from 'kysely';
import * as platform from './0001_platform.js';
import * as identity from './0002_identity.js';
import * as audit from './0003_audit.js';
import * as elections from './0004_elections.js';
import * as assessments from './0005_assessments.js';
import * as roadmap from './0006_roadmap.js';
import * as roadmapMissions from './0007_roadmap_missions.js';
import * as roadmapPageIndex from './0008_roadmap_page_index.js';
import * as trainingCredentials from './0009_training_credentials.js';
import * as trainingCourses from './0010_training_courses.js';
import * as mailSecrets from './0011_platform_mail_secrets.js';
import * as unlockLinks from './0012_identity_unlock_links.js';
import * as fileMediaTypes from './0013_files_media_type_per_reference.js';
import * as courseOwner from './0014_training_course_owner.js';
import * as checkinCodes from './0015_training_checkin_codes.js';
import * as dataKeys from './0016_platform_data_keys.js';
import * as operatorTokens from './0017_identity_operator_tokens.js';
import * as roadmapListIndexes from './0018_roadmap_list_indexes.js';
import * as filesSizePerReference from './0019_files_size_per_reference.js';
import * as roadmapLatestGradeIndex from './0020_roadmap_latest_grade_index.js';
import * as networkObjects from './0021_network_objects.js';
import * as networkAlerts from './0022_network_alerts.js';
import * as networkObjectIds from './0023_network_object_ids.js';
import * as networkTaxii from './0024_network_taxii.js';
import * as networkTaxiiFeeds from './0025_network_taxii_feeds.js';
import * as networkElectionDay from './0026_network_election_day.js';
import * as organisationLanguageZone from './0027_organisation_language_zone.js';
import * as mailAttachments from './0028_mail_attachments.js';
import * as trainingSuspensionReason from './0029_training_suspension_reason.js';
import * as invitationWithdrawal from './0030_invitation_withdrawal.js';
import * as trainingPostTestOpened from './0031_training_post_test_opened.js';
import * as roadmapAreaKeys from './0032_roadmap_area_keys.js';
import * as grantExpiry from './0033_grant_expiry.js';
import * as sessionLanguage from './0034_training_session_language.js';
import * as roadmapListVersion from './0035_roadmap_list_version.js';
import * as networkStatistics from './0036_network_statistics.js';
import * as webwatch from './0037_webwatch.js';

/** The one forward-only timeline of migrations, in order; the module is in each name. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_platform': platform,
  '0002_identity': identity,
  '0003_audit': audit,
  '0004_elections': elections,
  '0005_assessments': assessments,
  '0006_roadmap': roadmap,
  '0007_roadmap_missions': roadmapMissions,
  '0008_roadmap_page_index': roadmapPageIndex,
  '0009_training_credentials': trainingCredentials,
  '0010_training_courses': trainingCourses,
  '0011_platform_mail_secrets': mailSecrets,
  '0012_identity_unlock_links': unlockLinks,
  '0013_files_media_type_per_reference': fileMediaTypes,
  '0014_training_course_owner': courseOwner,
  '0015_training_checkin_codes': checkinCodes,
  '0016_platform_data_keys': dataKeys,
  '0017_identity_operator_tokens': operatorTokens,
  '0018_roadmap_list_indexes': roadmapListIndexes,
  '0019_files_size_per_reference': filesSizePerReference,
  '0020_roadmap_latest_grade_index': roadmapLatestGradeIndex,
  '0021_network_objects': networkObjects,
  '0022_network_alerts': networkAlerts,
  '0023_network_object_ids': networkObjectIds,
  '0024_network_taxii': networkTaxii,
  '0025_network_taxii_feeds': networkTaxiiFeeds,
  '0026_network_election_day': networkElectionDay,
  '0027_organisation_language_zone': organisationLanguageZone,
  '0028_mail_attachments': mailAttachments,
  '0029_training_suspension_reason': trainingSuspensionReason,
  '0030_invitation_withdrawal': invitationWithdrawal,
  '0031_training_post_test_opened': trainingPostTestOpened,
  '0032_roadmap_area_keys': roadmapAreaKeys,
  '0033_grant_expiry': grantExpiry,
  '0034_training_session_language': sessionLanguage,
  '0035_roadmap_list_version': roadmapListVersion,
  '0036_network_statistics': networkStatistics,
  '0037_webwatch': webwatch,
};
