import { expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { seedDemo } from "../store/demo/seed.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { worklistPage } from "./worklist-data.js";

const reference = loadReference();

describeEachDatabase("the worklist's rule filter", (store) => {
  it("keeps exactly the rows whose own findings name the rule, from stored claims, kept scrubs and fresh ones", async () => {
    const { db } = store();
    const { practiceId } = await seedDemo(db, reference, { patients: 8 });
    const everything = { offset: 0, limit: 100_000 };
    const filtered = async (rule: string) => (await worklistPage(store(), reference, practiceId, { rule }, everything)).items.map((item) => item.visitId);
    for (const state of ["fresh", "kept"] as const) {
      const all = (await worklistPage(store(), reference, practiceId, {}, everything)).items;
      const rules = [...new Set(all.flatMap((item) => item.findings.map((finding) => finding.rule as string)))].sort();
      expect(rules.length).toBeGreaterThan(5);
      // Rows from a stored claim (a draft) and from the visit's own scrub both take part.
      expect(all.some((item) => item.claimStatus === "draft")).toBe(true);
      expect(all.some((item) => item.claimId === null)).toBe(true);
      for (const rule of [...rules, "no.such-rule", 'quote"d']) {
        if (state === "fresh") await db.deleteFrom("visit_scrubs").execute();
        expect(await filtered(rule), `${state} ${rule}`).toEqual(all.filter((item) => item.findings.some((finding) => finding.rule === rule)).map((item) => item.visitId));
      }
    }
  });
});
