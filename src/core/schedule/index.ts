export { MAX_FIRINGS_PER_DAY } from './cron-to-rrule.js';
export { LOOKBACK_DAYS, nextOccurrences, previousOccurrence } from './occurrences.js';
export { parseSchedule, SCHEDULE_USAGE, type ScheduleOptions } from './parse-schedule.js';
export type { Schedule } from './schedule.js';
export { formatTime, type TimeOfDay } from './time-of-day.js';
export { canonicalZone, isValidZone, suggestZone } from './zone.js';
