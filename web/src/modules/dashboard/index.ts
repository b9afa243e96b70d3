/** The organisation dashboard. */
export { DashboardPage, HomeRedirectMessage } from './dashboard';
