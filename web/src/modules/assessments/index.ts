/** Screens of the assessments module: the list, answering, and results with the prioritised gaps. */
export { AssessmentsPage } from './list';
export { AssessmentPage } from './answer';
export { ResultsPage } from './results';
