/**
 * The end-to-end suite's browser: Debian's chromium driven by playwright-core (no browser is
 * ever downloaded). Without /usr/bin/chromium the suite skips with a loud message, except
 * in CI, where a missing browser is a failure.
 */
import { existsSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.OTBILL_CHROMIUM ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

if (!HAVE_CHROMIUM) {
  const message = `\n${"!".repeat(78)}\n!! the web app's browser tests are SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)\n${"!".repeat(78)}\n`;
  if (process.env.CI) throw new Error(message);
  process.stderr.write(message);
}

export async function launch(): Promise<Browser> {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespace for chromium's sandbox.
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
}

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical accessibility violations axe finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact ?? "", help: violation.help, targets: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")) }));
}

/** Whether a canvas has any pixel that is not fully transparent or white (a chart was drawn). */
export async function canvasHasInk(page: Page, selector: string): Promise<boolean> {
  // The function runs in the page; its types are spelled out (the project's lib has no DOM).
  type Canvas = { width: number; height: number; getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
  return page.$eval(selector, (element) => {
    const canvas = element as unknown as Canvas;
    const context = canvas.getContext("2d");
    if (!context || canvas.width === 0 || canvas.height === 0) return false;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    for (let index = 0; index < data.length; index += 4) {
      const [r, g, b, a] = [data[index]!, data[index + 1]!, data[index + 2]!, data[index + 3]!];
      if (a > 0 && !(r > 245 && g > 245 && b > 245)) return true;
    }
    return false;
  });
}
