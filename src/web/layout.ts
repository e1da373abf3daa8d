/**
 * The page shell: the head with the one stylesheet and the scripts (all same-origin files,
 * no inline script, so a strict CSP holds), the navigation a role may use, and the signed-in
 * user with a sign-out button. The CSRF token travels in a meta tag that app.js copies into
 * htmx's request headers, and in a hidden field of every form.
 */
import type { Principal } from "../auth/principal.js";
import { maySee, SECTIONS, type Section } from "./access.js";
import { html, type Fragment, type Html } from "./html.js";

export interface PageOptions {
  title: string;
  /** the navigation entry to mark as current */
  section?: Section;
  principal: Principal | null;
  /** load Chart.js (the Denials page) */
  charts?: boolean;
  /** a message shown above the content (e.g. "Claim C-12 built") */
  notice?: string;
}

export function csrfField(principal: Principal | null): Html {
  return html`<input type="hidden" name="_csrf" value="${principal?.csrfToken ?? ""}">`;
}

function navigation(principal: Principal, current: Section | undefined): Html {
  const links = SECTIONS.filter((entry) => maySee(principal.role, entry.section)).map(
    (entry) => html`<li><a href="${entry.path}"${entry.section === current ? html` aria-current="page"` : ""}>${entry.label}</a></li>`,
  );
  return html`<nav aria-label="Main"><ul>${links}</ul></nav>
    <form class="sign-out" method="post" action="/sign-out">${csrfField(principal)}<span>${principal.email ?? principal.actor} (${principal.role})</span>
      <button type="submit">Sign out</button></form>`;
}

export function page(options: PageOptions, content: Fragment): Html {
  const { principal } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${principal?.csrfToken ?? ""}">
<title>${options.title} · otbill</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/htmx.min.js" defer></script>
${options.charts ? html`<script src="/assets/chart.umd.min.js" defer></script>` : ""}
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">otbill</a>${principal ? navigation(principal, options.section) : ""}</header>
<main id="main" tabindex="-1">
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ""}
${content}
</main>
</body>
</html>`;
}

/** An error message block a form shows above its fields. */
export function errorBox(message: string | undefined): Html {
  return message ? html`<div class="error" role="alert">${message}</div>` : html``;
}
