/**
 * Stored claims sent to a payer, for posting tests: visits of the fixture practice, the
 * history-aware scrub, a claim each, moved to submitted. Test support only.
 */
import type { Reference } from "../../reference/reference.js";
import { advanceClaim, createClaimFromScrub } from "../../store/claims.js";
import type { ClaimRecord, VisitInput } from "../../store/entities.js";
import { scrubStoredVisit } from "../../store/history.js";
import type { PracticeFixture } from "../../store/test-support/fixtures.js";
import { visitInput } from "../../store/test-support/fixtures.js";
import type { Db } from "../../store/transaction.js";
import { createVisit } from "../../store/visits.js";

export async function submittedClaim(db: Db, reference: Reference, fixture: PracticeFixture, dateOfService: string, extra: Partial<VisitInput> = {}): Promise<ClaimRecord> {
  const visit = await createVisit(db, visitInput(fixture, dateOfService, extra));
  const { visit: stored, result } = await scrubStoredVisit(db, reference, visit.id);
  const claim = await createClaimFromScrub(db, stored, result, { actor: "test" });
  const path = claim.status === "draft" ? (["ready", "submitted"] as const) : (["submitted"] as const);
  await advanceClaim(db, claim, path, { actor: "test" });
  return { ...claim, status: "submitted" };
}
