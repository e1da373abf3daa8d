/** The sign-in form (labels "Email" and "Password", button "Sign in", as the contract names them). */
import { html, type Html } from "../html.js";
import { errorBox, page } from "../layout.js";

export function signInPage(options: { error?: string; email?: string; next?: string; notice?: string }): Html {
  return page(
    { title: "Sign in", principal: null, ...(options.notice ? { notice: options.notice } : {}) },
    html`<section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to otbill</h1>
      ${errorBox(options.error)}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value="${options.next ?? ""}">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ""}">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
      </form>
    </section>`,
  );
}
