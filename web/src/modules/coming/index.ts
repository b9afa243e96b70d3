/** Pages of modules not built yet, labelled as coming. */
export { ComingPage, COMING_MODULES, isComingModule } from './coming';
export type { ComingModule } from './coming';
