import { dayFromYmd, type Day } from '../core/dates.ts';

/** The one place `ar` reads the clock: today's date in the user's own calendar (local time zone). */
export function todayInLocalCalendar(): Day {
  const now = new Date();
  return dayFromYmd(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The current instant (journal timestamps, the Date header of e-mails). */
export function now(): Date {
  return new Date();
}
