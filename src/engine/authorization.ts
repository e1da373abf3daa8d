/**
 * Payer authorizations known to the store: a visit outside the authorized dates, or one
 * that uses more visits or units than were authorized, is denied (CARC 197/198).
 */
import type { ScrubContext } from "./context.js";

const SOURCE = "the coverage's authorization on file";

export function checkAuthorization(context: ScrubContext): void {
  const auth = context.history.authorization;
  if (!auth) return;
  const date = context.day.date;
  if ((auth.start && date < auth.start) || (auth.end && date > auth.end)) {
    context.add({ rule: "authorization.exceeded", severity: "error" }, () => ({
      message: `The visit on ${date} is outside the authorization (${auth.start ?? "..."} to ${auth.end ?? "..."}).`,
      fix: "Ask the payer for an authorization that covers this date before billing.",
      source: SOURCE,
    }));
  }
  if (auth.visitsAllowed !== undefined) {
    const used = (auth.visitsUsed ?? 0) + 1;
    if (used > auth.visitsAllowed) {
      context.add({ rule: "authorization.exceeded", severity: "error" }, () => ({
        message: `This is visit ${used} of ${auth.visitsAllowed} authorized.`,
        fix: "Request more visits from the payer before billing this one.",
        source: SOURCE,
      }));
    }
  }
  if (auth.unitsAllowed !== undefined) {
    const units = context.lines.reduce((sum, line) => sum + line.units, 0);
    const used = (auth.unitsUsed ?? 0) + units;
    if (used > auth.unitsAllowed) {
      context.add({ rule: "authorization.exceeded", severity: "error" }, () => ({
        message: `With this visit's ${units} unit(s), ${used} of ${auth.unitsAllowed} authorized units are used.`,
        fix: "Request more units from the payer, or bill only the authorized units.",
        source: SOURCE,
      }));
    }
  }
}
