/** Elections screens: the calendar. */
export { CalendarPage } from './calendar';
export type { Election } from './calendar';
