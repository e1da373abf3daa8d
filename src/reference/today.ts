/** The calendar date today, in the local time zone: read only by the shell (CLI, server) when a request leaves the date out, never by the core. */
import type { IsoDate } from "./dates.js";

export function todayIso(now: Date = new Date()): IsoDate {
  const year = now.getFullYear();
  const month = String(now.getMonth() + 1).padStart(2, "0");
  const day = String(now.getDate()).padStart(2, "0");
  return `${year}-${month}-${day}` as IsoDate;
}
