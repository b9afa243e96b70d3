/** The deployment operator's screens. */
export { OrganisationsPage, OutboxPage } from './organisations';
export { PacksPage } from './packs';
