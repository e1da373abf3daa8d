/**
 * Prepared claims -> one PDF of CMS-1500 (02/12) pages. The data is printed in 12 pt Courier
 * (10 characters per inch) on the form's print grid, for the pre-printed OCR red form: the
 * page carries no form art, so the scanner reads only the data. `plain` also draws the boxes
 * and captions (in red, like the form) so the page reads on white paper. `offset` moves
 * everything by a few points to match a printer's feed (positive x right, positive y down).
 */
import { PDFDocument, PrintScaling, StandardFonts, rgb, type PDFEmbeddedPage, type PDFFont, type PDFPage } from "pdf-lib";
import type { PreparedClaim } from "../claims/prepared-claim.js";
import { InputError } from "../errors.js";
import type { IsoDate } from "../reference/dates.js";
import { todayIso } from "../reference/today.js";
import { drawFormArt } from "./cms1500-form-art.js";
import { FONT_SIZE, LINE_HEIGHT, PAGE_HEIGHT, PAGE_WIDTH, baselineOf } from "./cms1500-grid.js";
import { layoutClaim, pageLines, type PlacedText } from "./cms1500-layout.js";

export interface Cms1500Options {
  /** draw the form's boxes and captions for plain paper */
  plain?: boolean;
  /** calibration in points (1/72 in): positive x moves right, positive y moves down */
  offset?: { x: number; y: number };
  /** item 31's date; today when absent */
  signatureDate?: IsoDate;
}

/** More than an inch off means the setting is wrong, not the printer. */
export const MAX_OFFSET_POINTS = 72;

function checkOffset(offset: { x: number; y: number }): void {
  for (const axis of ["x", "y"] as const) {
    const value = offset[axis];
    if (!Number.isFinite(value) || Math.abs(value) > MAX_OFFSET_POINTS) {
      throw new InputError("invalid_input", `offset.${axis}: ${String(value)} is not a number of points between -${MAX_OFFSET_POINTS} and ${MAX_OFFSET_POINTS}`, { path: `offset.${axis}`, value });
    }
  }
}

/**
 * The page's data as one block of text, a print line per text line at 6 lines per inch: one
 * drawing operation a page instead of one per value, so long batches stay small and fast.
 */
function drawData(page: PDFPage, font: PDFFont, placed: PlacedText[], offset: { x: number; y: number }): void {
  const lines = pageLines(placed);
  const { x, y } = baselineOf(1, 1, offset);
  page.drawText(lines.join("\n"), { x, y, size: FONT_SIZE, lineHeight: LINE_HEIGHT, font, color: rgb(0, 0, 0) });
}

/** The plain-paper form drawn once, in a document of its own, to be stamped under every page. */
async function formTemplate(pdf: PDFDocument, offset: { x: number; y: number }): Promise<PDFEmbeddedPage> {
  const art = await PDFDocument.create();
  const page = art.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  drawFormArt(page, await art.embedFont(StandardFonts.Helvetica), offset);
  // Saved first: pdf-lib writes a font's objects only on save, and an unsaved page embeds without them.
  const [embedded] = await pdf.embedPdf(await art.save(), [0]);
  return embedded!;
}

export async function renderCms1500Pdf(claims: PreparedClaim[], options: Cms1500Options = {}): Promise<Uint8Array> {
  if (claims.length === 0) throw new InputError("invalid_input", "no claims to print");
  const offset = options.offset ?? { x: 0, y: 0 };
  checkOffset(offset);
  const signatureDate = options.signatureDate ?? todayIso();
  // Lay every claim out before drawing, so a claim that cannot be printed stops the whole file.
  const pages = claims.flatMap((claim) => layoutClaim(claim, { signatureDate }));

  const pdf = await PDFDocument.create();
  // No patient data in the metadata: the file name and title travel further than the pages.
  pdf.setTitle("CMS-1500 (02/12) claims");
  pdf.setCreator("otbill");
  pdf.setProducer("otbill");
  // The print dialog opens at actual size: "fit to page" would shrink the grid off the form's boxes.
  pdf.catalog.getOrCreateViewerPreferences().setPrintScaling(PrintScaling.None);
  const courier = await pdf.embedFont(StandardFonts.Courier);
  const form = options.plain ? await formTemplate(pdf, offset) : undefined;
  for (const placed of pages) {
    const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    if (form) page.drawPage(form, { x: 0, y: 0 });
    drawData(page, courier, placed, offset);
  }
  return pdf.save();
}
