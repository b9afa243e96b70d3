import type { Reply } from '../../api';
import type {
  ElectionProcess,
  IncidentCategory,
  IncidentStatus,
  ObservableKind,
  Severity,
  Tlp,
} from '../../../../src/modules/network/index.js';

// The closed sets as lists for the screens. The browser cannot import the server's values, so each list is
// checked against the server's type (type-only: nothing of the server is bundled).

export type { Tlp, Severity } from '../../../../src/modules/network/index.js';
export const TLP_LEVELS = [
  'clear',
  'green',
  'amber',
  'amber+strict',
  'red',
] as const satisfies readonly Tlp[];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
export const INCIDENT_STATUSES = [
  'open',
  'contained',
  'resolved',
  'closed',
] as const satisfies readonly IncidentStatus[];
export const INCIDENT_CATEGORIES = [
  'phishing',
  'account_compromise',
  'ddos',
  'defacement',
  'ransomware_malware',
  'data_leak',
  'insider',
  'disinformation',
  'physical',
  'other',
] as const satisfies readonly IncidentCategory[];
export const ELECTION_PROCESSES = [
  'voter_registration',
  'candidate_registration',
  'results',
  'website',
  'communications',
  'logistics',
] as const satisfies readonly ElectionProcess[];
export const OBSERVABLE_KINDS = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'asn',
] as const satisfies readonly ObservableKind[];

export type Network = Reply<'/api/v1/networks/{networkId}'>;
export type Incident = Reply<'/api/v1/networks/{networkId}/incidents/{incidentId}'>;
export type IndicatorPage = Reply<'/api/v1/networks/{networkId}/indicators/{indicatorId}'>;
export type Indicator = IndicatorPage['indicator'];
export type Marking = Incident['marking'];
export type Advisory = Reply<'/api/v1/networks/{networkId}/advisories/{advisoryId}'>;
export type PlaybookPage = Reply<'/api/v1/networks/{networkId}/playbooks/{playbookId}'>;
export type Playbook = PlaybookPage['playbook'];
export type Found = Reply<'/api/v1/networks/{networkId}/search'>['results'][number];

/** The query keys of the network's screens: live news invalidates everything under `['network', id]`. */
export const networkKeys = {
  all: (networkId: string) => ['network', networkId] as const,
  network: (networkId: string) => ['network', networkId, 'info'] as const,
  incidents: (networkId: string, q: string) => ['network', networkId, 'incidents', q] as const,
  incident: (networkId: string, id: string) => ['network', networkId, 'incident', id] as const,
  indicators: (networkId: string, q: string) => ['network', networkId, 'indicators', q] as const,
  indicator: (networkId: string, id: string) => ['network', networkId, 'indicator', id] as const,
  comments: (networkId: string, incidentId: string) =>
    ['network', networkId, 'comments', incidentId] as const,
  advisories: (networkId: string) => ['network', networkId, 'advisories'] as const,
  advisory: (networkId: string, id: string) => ['network', networkId, 'advisory', id] as const,
  playbooks: (networkId: string) => ['network', networkId, 'playbooks'] as const,
  playbook: (networkId: string, id: string) => ['network', networkId, 'playbook', id] as const,
  search: (networkId: string, q: string) => ['network', networkId, 'search', q] as const,
};
