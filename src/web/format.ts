/** How the web app writes money, dates, people and statuses: one place, so every page agrees. */
import { html, type Html } from "./html.js";

/** Cents as "1,234.56" (the column header says the currency); blank when unknown. */
export function money(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** Dollars (the scrub result's JSON numbers) as money. */
export function dollars(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : money(Math.round(value * 100));
}

/** A table cell for an amount: right-aligned, with the exact cents to sort by. */
export function moneyCell(cents: number | null | undefined): Html {
  return html`<td class="num" data-sort="${cents ?? ""}">${money(cents)}</td>`;
}

export function numberCell(value: number | null | undefined): Html {
  return html`<td class="num" data-sort="${value ?? ""}">${value ?? ""}</td>`;
}

export function personName(person: { firstName: string; lastName: string } | undefined): string {
  return person ? `${person.lastName}, ${person.firstName}` : "";
}

const STATUS_WORDS: Record<string, string> = {
  reject: "Will be denied",
  invalid: "Not a valid visit",
  review: "Needs review",
  clean: "Clean",
  draft: "Draft",
  ready: "Ready to send",
  submitted: "Submitted",
  paid: "Paid",
  partial: "Partly paid",
  denied: "Denied",
  appealed: "Appealed",
  void: "Void",
  replaced: "Replaced",
};

export function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** A status as a small badge whose class gives its colour (and whose words say it without colour). */
export function statusBadge(status: string): Html {
  return html`<span class="badge badge-${status}">${statusWord(status)}</span>`;
}

const SEVERITY_WORDS: Record<string, string> = { error: "Error", warning: "Warning", info: "Note" };

export function severityBadge(severity: string): Html {
  return html`<span class="badge badge-${severity}">${SEVERITY_WORDS[severity] ?? severity}</span>`;
}
