/** Screens of the roadmap module: the board, table, timeline and "my actions", and one item's page. */
export { RoadmapPage } from './board';
export { ItemPage } from './item';
export { MissionsPage } from './missions';
export { PlanPage } from './plan';
