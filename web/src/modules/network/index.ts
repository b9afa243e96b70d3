export { BoardPage, NetworksPage } from './board';
export { IncidentPage, NewIncidentPage } from './incident';
export { IndicatorPage, NewIndicatorPage } from './indicator';
export { ConnectPage } from './connect';
export { AdvisoriesPage, AdvisoryPage } from './advisories';
export { NewPlaybookPage, PlaybookPage, PlaybooksPage } from './playbooks';
