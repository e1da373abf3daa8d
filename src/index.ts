/**
 * otbill as a library: the same functions the CLI and the HTTP API call.
 *
 *   import { loadReference, scrubInput } from "otbill";
 *   const result = scrubInput(visitJson, loadReference());
 */
export { loadReference, Reference, DayReference } from "./reference/reference.js";
export { isIsoDate, parseIsoDate, addDays, daysBetween, type IsoDate } from "./reference/dates.js";
export { InputError, isInputError } from "./errors.js";

export { parseVisit, visitSchema, type Visit, type Service, type PlanOfCare } from "./contract/visit.js";
export type { ScrubResult, ClaimLine, Finding, Severity, ScrubStatus } from "./contract/result.js";
export { scrub, scrubInput, type CodesScrubOutcome, type ScrubHistory, type ScrubOptions, type ScrubOutcome } from "./engine/scrub.js";
export { RULES, RULE_IDS, type RuleId } from "./engine/findings.js";
export { allocateUnits, explainAllocation, cmsUnitsForTotal, amaUnitsForMinutes } from "./engine/units.js";
export { unitsReport, type UnitsReport, type UnitsRequest } from "./engine/units-report.js";
export { splitTimedUnits, splitUntimedService } from "./engine/assistant.js";

export { priceVisit, quoteCode, quoteReport, type PricingContext, type PricingResult, type PricedLine } from "./pricing/index.js";
export { searchCodes, searchIcd, type CodeSearchHit, type IcdSearchHit } from "./codes/search.js";

export { openStore, openStoreFromOption, resolveDatabaseTarget, type Store } from "./store/database.js";
export { buildServer } from "./server/app.js";

export { claimDocumentSchema, type ClaimDocument } from "./contract/claim-document.js";
export { prepareClaim, prepareClaims, ClaimProblems, type ClaimProblem, type PrepareOptions } from "./claims/prepare.js";
export type { PreparedClaim, PreparedLine } from "./claims/prepared-claim.js";
export { write837p, write837pText, byBillingProvider, type InterchangeOptions } from "./x12/837p/write.js";
