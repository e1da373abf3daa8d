/**
 * Draws the CMS-1500's boxes and captions on a page, for plain paper. Red like the form's
 * drop-out ink, thin rules, small Helvetica captions wrapped inside their boxes; the data
 * (Courier, black) is drawn over it on the same grid.
 */
import { rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { CENTS_RULES, CHECKBOX_LABELS, FIELD_LABELS, FORM_BOXES, FORM_SUBTITLE, FORM_TITLE, SERVICE_RULES, serviceLineBoxes, type CheckboxLabel, type FormBox } from "./cms1500-captions.js";
import { COLUMN_WIDTH, LINE_HEIGHT, cellRect } from "./cms1500-grid.js";

const RED = rgb(0.8, 0.1, 0.15);
const SHADE = rgb(1, 0.9, 0.9);
const CAPTION_SIZE = 5;
const CAPTION_LEADING = 6;
const RULE = 0.5;
const LAST_COLUMN = 79;

type Offset = { x: number; y: number };

/** Splits a caption into lines no wider than the box. */
function wrap(text: string, font: PDFFont, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ").filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, CAPTION_SIZE) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function drawBox(page: PDFPage, font: PDFFont, item: FormBox, offset: Offset): void {
  const rect = cellRect(item.line, item.column, item.lastLine, item.lastColumn, offset);
  page.drawRectangle({ ...rect, borderColor: RED, borderWidth: RULE });
  // The caption fills the box's upper lines and leaves its last line to the data.
  const maxLines = Math.max(2, (item.lastLine - item.line) * 2);
  const lines = wrap(item.caption, font, rect.width - 3).slice(0, maxLines);
  lines.forEach((text, index) => {
    page.drawText(text, { x: rect.x + 1.5, y: rect.y + rect.height - CAPTION_SIZE - 0.5 - index * CAPTION_LEADING, size: CAPTION_SIZE, font, color: RED });
  });
}

function drawLabel(page: PDFPage, font: PDFFont, { line, column, label, side }: CheckboxLabel, offset: Offset, withBox: boolean): void {
  const cell = cellRect(line, column, line, column, offset);
  if (withBox) page.drawRectangle({ x: cell.x - 0.5, y: cell.y + 1, width: COLUMN_WIDTH + 1, height: LINE_HEIGHT - 3, borderColor: RED, borderWidth: RULE });
  if (!label) return;
  const x = side === "left" ? cell.x - 2 - font.widthOfTextAtSize(label, CAPTION_SIZE) : cell.x + (withBox ? COLUMN_WIDTH + 1.5 : 0);
  page.drawText(label, { x, y: cell.y + 4, size: CAPTION_SIZE, font, color: RED });
}

/** Item 24: the shaded supplemental lines, the column rules, the line numbers and the cents rules. */
function drawServiceLines(page: PDFPage, font: PDFFont, offset: Offset): void {
  for (const { n, supplemental, service } of serviceLineBoxes()) {
    const shaded = cellRect(supplemental, 1, supplemental, LAST_COLUMN, offset);
    page.drawRectangle({ ...shaded, color: SHADE });
    const pair = cellRect(supplemental, 1, service, LAST_COLUMN, offset);
    page.drawRectangle({ ...pair, borderColor: RED, borderWidth: RULE });
    page.drawText(String(n), { x: pair.x - 7, y: pair.y + 3, size: 7, font, color: RED });
    for (const column of SERVICE_RULES) {
      const cell = cellRect(service, column, service, column, offset);
      page.drawLine({ start: { x: cell.x, y: cell.y }, end: { x: cell.x, y: cell.y + cell.height }, thickness: RULE, color: RED });
    }
  }
  for (const rule of CENTS_RULES) {
    const top = cellRect(rule.from, rule.column, rule.from, rule.column, offset);
    const bottom = cellRect(rule.to, rule.column, rule.to, rule.column, offset);
    // Down the middle of the blank column between the dollars and the cents (the rules' offset is half a column left).
    const x = top.x + COLUMN_WIDTH;
    page.drawLine({ start: { x, y: top.y + top.height }, end: { x, y: bottom.y }, thickness: RULE, color: RED, dashArray: [1, 1.5] });
  }
}

export function drawFormArt(page: PDFPage, font: PDFFont, offset: Offset): void {
  // Rules sit half a column left of the grid, so each box has a half-column gutter before its
  // first data character (column 1's box edge lands 0.25 in from the paper's edge, as on the form).
  const ruled = { x: offset.x - COLUMN_WIDTH / 2, y: offset.y };
  const title = cellRect(5, 1, 6, 38, ruled);
  page.drawText(FORM_TITLE, { x: title.x, y: title.y + LINE_HEIGHT + 2, size: 12, font, color: RED });
  page.drawText(FORM_SUBTITLE, { x: title.x, y: title.y + 3, size: 6, font, color: RED });
  drawServiceLines(page, font, ruled);
  for (const item of FORM_BOXES) drawBox(page, font, item, ruled);
  // Checkboxes frame the cell their "X" is printed in.
  for (const label of CHECKBOX_LABELS) drawLabel(page, font, label, offset, true);
  for (const label of FIELD_LABELS) drawLabel(page, font, label, ruled, false);
  const foot = cellRect(63, 1, 63, LAST_COLUMN, ruled);
  page.drawText("NUCC Instruction Manual available at: www.nucc.org    FORM 1500 (02-12) LAYOUT ON PLAIN PAPER", { x: foot.x, y: foot.y + 3, size: 6, font, color: RED });
}
