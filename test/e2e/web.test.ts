/**
 * The web app in a real browser (Debian's chromium through playwright-core) against
 * `otbill serve --demo` on port 0: sign in; the worklist shows the demo's planted mistakes;
 * open one, fix it, see it clean; build its claim; export an 837P batch and download it;
 * upload an 835 that denies the claim and find it in Denials, whose chart draws; a
 * therapist sees no Remittances; sign out. axe finds no serious or critical violation on
 * any page. Each page's screenshot is saved to test-results/screenshots/, or to
 * docs/screenshots/ with OTBILL_UPDATE_SCREENSHOTS=1 (a test run leaves the tracked images alone).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users.js";
import { startServer, type RunningServer } from "../../src/cli/commands/serve.js";
import { findClaimByNumber } from "../../src/store/claims.js";
import { findDemoPractice } from "../../src/store/demo/seed.js";
import { denial835 } from "../../src/web/test-support.js";
import { canvasHasInk, HAVE_CHROMIUM, launch, seriousViolations, type AxeProblem } from "./browser.js";

const SCREENSHOTS = join(import.meta.dirname, process.env.OTBILL_UPDATE_SCREENSHOTS === "1" ? "../../docs/screenshots" : "../../test-results/screenshots");
const VALIDATOR = join(import.meta.dirname, "../../../shared/tools/x12-validate");
const ADMIN = { email: "billing.lead@lakeside.example", password: "a long demo password 1" };
const THERAPIST = { email: "ot@lakeside.example", password: "another long password 2" };

describe.skipIf(!HAVE_CHROMIUM)("the web app in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let home: string;
  let base: string;
  let claimNumber = "";
  const violations: Record<string, AxeProblem[]> = {};

  /** Screenshot and accessibility check of the page as it stands. */
  async function record(name: string, fullPage = false): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
    violations[name] = await seriousViolations(page);
    expect(violations[name], `${name}: ${JSON.stringify(violations[name], null, 1)}`).toEqual([]);
  }

  async function signIn(who: { email: string; password: string }): Promise<void> {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    home = mkdtempSync(join(tmpdir(), "otbill-e2e-"));
    const quiet = new PassThrough();
    quiet.resume();
    server = await startServer({ port: "0", db: join(home, "otbill.sqlite"), demo: true }, { stdin: new PassThrough(), stdout: quiet, stderr: quiet, stderrIsTty: false, stdoutIsTty: false });
    base = server.address;
    const practiceId = (await findDemoPractice(server.store.db))!;
    await createUser(server.store.db, { ...ADMIN, role: "admin", practiceId });
    await createUser(server.store.db, { ...THERAPIST, role: "therapist", practiceId });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("signs in with Email and Password; the worklist shows the demo's planted mistakes", async () => {
    await page.goto(`${base}/worklist`);
    await page.waitForURL(/\/sign-in\?next=%2Fworklist/);
    await record("sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBeTruthy();
    await signIn(ADMIN);
    await page.goto(`${base}/worklist`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Worklist");
    for (const name of ["Worklist", "Claims", "Remittances", "Denials", "Patients", "Settings"]) {
      expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).count(), name).toBe(1);
    }
    const text = await page.locator("table.worklist").innerText();
    expect(text).toContain("97003 (Occupational therapy evaluation) was deleted");
    expect(text).toContain("97161 (Physical therapy evaluation: low complexity) is a PT code");
    expect(text).toContain("I69.35 is a category header");
    expect(text).toContain("after the certification period ended");
    // Worst first: the first row will be denied.
    expect(await page.locator("table.worklist tbody tr").first().innerText()).toContain("Will be denied");
    await record("worklist");
  });

  it("opens a visit with a planted mistake, fixes it, sees it become clean, and builds its claim", async () => {
    await page.locator("table.worklist tbody tr", { hasText: "I69.35 is a category header" }).first().getByRole("link").click();
    await page.waitForURL(/\/visits\/\d+$/);
    expect(await page.locator("#result h2").innerText()).toContain("Will be denied");
    await record("visit");
    const diagnoses = page.getByLabel("Diagnoses (ICD-10-CM, in claim order)");
    const before = await diagnoses.inputValue();
    expect(before.startsWith("I69.35,")).toBe(true);
    await diagnoses.fill(before.replace(/^I69\.35,/, "I69.351,"));
    // The live preview (htmx) re-scrubs as the biller types, before anything is saved.
    await expect.poll(() => page.locator("#result h2").innerText(), { timeout: 10_000 }).toContain("not saved");
    expect(await page.locator("#result h2").innerText()).toContain("Clean");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.locator("#result h2").innerText()).toBe("Scrub result: Clean");
    await page.getByRole("button", { name: "Rebuild the claim" }).click();
    await page.waitForURL(/built=/);
    const notice = await page.getByRole("status").first().innerText();
    claimNumber = /Claim (C-\d+) built/.exec(notice)![1]!;
    const claim = await findClaimByNumber(server.store.db, claimNumber);
    expect(claim?.status).toBe("ready");
  });

  it("exports the ready claims as an 837P batch and downloads it", async () => {
    await page.goto(`${base}/claims?status=ready`);
    await record("claims");
    await page.getByLabel("Format").selectOption("837p");
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.getByRole("button", { name: "Export and download" }).click()]);
    const file = join(home, download.suggestedFilename());
    await download.saveAs(file);
    const x12 = readFileSync(file, "latin1");
    expect(x12.startsWith("ISA*")).toBe(true);
    expect(x12).toContain(`CLM*${claimNumber}*`);
    if (existsSync(VALIDATOR)) execFileSync(VALIDATOR, [file], { encoding: "utf8" });
    const sent = await findClaimByNumber(server.store.db, claimNumber);
    expect(sent?.status).toBe("submitted");
    // The claim's page: its lines, its history (built, ready, submitted) and the corrections now open to it.
    await page.goto(`${base}/claims/${sent!.id}`);
    expect(await page.locator("main").innerText()).toMatch(/Ready to send\s+Submitted/);
    expect(await page.getByRole("button", { name: "Void (frequency 8)" }).count()).toBe(1);
    await record("claim");
  });

  it("uploads an 835 that denies the claim; the denial shows in Denials and a chart draws", async () => {
    const claim = (await findClaimByNumber(server.store.db, claimNumber))!;
    await page.goto(`${base}/remittances`);
    await page.getByLabel("835 file").setInputFiles({ name: "denial.835", mimeType: "text/plain", buffer: Buffer.from(denial835(claim), "latin1") });
    await page.getByRole("button", { name: "Upload and post" }).click();
    await page.waitForSelector("#summary-title");
    expect(await page.locator("#summary-title").locator("..").innerText()).toMatch(/Claims posted\s+1/);
    await record("remittances");
    await page.goto(`${base}/denials`);
    // The newest denials come first: this one was paid (denied) last.
    expect(await page.locator("table.denials tbody tr").first().innerText()).toContain(claimNumber);
    expect(await page.locator("table.denials tbody tr").first().innerText()).toContain("CO-50");
    await page.waitForSelector("canvas[data-drawn]");
    expect(await canvasHasInk(page, "canvas[data-drawn]")).toBe(true);
    await record("denials");
  });

  it("shows patients, a patient's KX gauge and plan of care, and the settings", async () => {
    await page.goto(`${base}/patients`);
    await record("patients");
    await page.locator("main table tbody tr").first().getByRole("link").click();
    await page.waitForURL(/\/patients\/\d+$/);
    expect(await page.locator("main").innerText()).toContain("KX threshold 2,480.00, review at 3,000.00");
    await record("patient");
    await page.goto(`${base}/settings`);
    await record("settings");
    // An admin edits a provider: a bad taxonomy is refused beside its field, a good one saved.
    const provider = page.locator('section[aria-labelledby="providers-title"] details.edit').first();
    await provider.locator("summary").click();
    await provider.getByLabel("Taxonomy").fill("OT-123");
    await provider.getByRole("button", { name: /^Save / }).click();
    await page.waitForLoadState("domcontentloaded");
    const refused = page.locator('section[aria-labelledby="providers-title"] details.edit[open]');
    expect(await refused.locator(".field-error").innerText()).toBe("must be a 10-character provider taxonomy code, e.g. 225X00000X");
    expect(await refused.getByLabel("Taxonomy").getAttribute("aria-invalid")).toBe("true");
    await record("settings-edit");
    await refused.getByLabel("Taxonomy").fill("225X00000X");
    await refused.getByRole("button", { name: /^Save / }).click();
    await page.waitForURL(/\/settings\?notice=/);
    expect(await page.getByRole("status").first().innerText()).toMatch(/^Provider .+ saved\.$/);
    // The claims list sorts on the server: its header is a link.
    await page.goto(`${base}/claims`);
    await page.getByRole("link", { name: "Allowed ($)" }).click();
    await page.waitForURL(/\/claims\?sort=allowed&dir=asc$/);
    expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain("Allowed ($)");
  });

  it("signs out, and a therapist cannot see Remittances", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${base}/claims`);
    await page.waitForURL(/\/sign-in/);
    await signIn(THERAPIST);
    const navigation = page.getByRole("navigation", { name: "Main" });
    expect(await navigation.getByRole("link", { name: "Worklist" }).count()).toBe(1);
    expect(await navigation.getByRole("link", { name: "Remittances" }).count()).toBe(0);
    const refused = await page.goto(`${base}/remittances`);
    expect(refused?.status()).toBe(403);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
  });
});
