/** The roadmap module's door: one tracker for every recommended action, whatever its source. */
export { createRoadmapService } from './service.js';
export type { RoadmapService, SourcedItem, ItemInput } from './service.js';
export { roadmapRoutes } from './api.js';
export { AREAS, areaName, type Area } from './vocabulary.js';
export { missionRoutes } from './missions.api.js';
export type { Mission, Plan, MissionKind } from './missions.js';
export type { ImportCheck } from './missions.service.js';
export type { RowError } from './import.js';
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
