/** Fee schedule math (docs/billing-rules.md section 6): what the scrub engine, the CLI and the server call. */
export { priceVisit } from "./price-visit.js";
export type {
  ComponentPart,
  FeeScheduleParts,
  LineParts,
  PricedLine,
  PricingBasis,
  PricingContext,
  PricingLineInput,
  PricingResult,
  PricingTotals,
  UnitParts,
} from "./types.js";

export { isMedicareKind } from "./payer-schedule.js";
export { explainPricedLine, type ExplainHeading } from "./explain.js";
export { quoteCode, quoteReport, type Quote, type QuoteRequest } from "./quote.js";
