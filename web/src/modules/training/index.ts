/** Screens of the training module: sessions, a session (check-in, roster, certificates), certificates, the cascade, courses. */
export { SessionsPage } from './sessions';
export { SessionPage } from './session';
export { CertificatesPage } from './certificates';
export { CascadePage } from './cascade';
export { CoursesPage, CoursePage } from './courses';
