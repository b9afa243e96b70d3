/** Screens of the webwatch module: the organisation's websites, one website with its scans, and one scan. */
export { PropertiesPage } from './properties';
export { PropertyPage } from './property';
export { ScanPage } from './scan';
