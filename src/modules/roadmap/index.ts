/** The roadmap module's door: one tracker for every recommended action, whatever its source. */
export { createRoadmapService } from './service.js';
export type { RoadmapService, SourcedItem, ItemInput } from './service.js';
export { roadmapRoutes } from './api.js';
export {
  STATUSES,
  SOURCES,
  GRADES,
  PRIORITIES,
  HORIZONS,
  INSTRUMENTS,
  ITEM_KINDS,
  nextStatuses,
} from './model.js';
export type {
  Item,
  ItemSummary,
  Status,
  Source,
  Grade,
  Priority,
  Horizon,
  Instrument,
  ItemKind,
} from './model.js';
