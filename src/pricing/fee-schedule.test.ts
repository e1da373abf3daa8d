import { describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { applyPercentages, toCents } from "./exact.js";
import { feeScheduleUnit, unitAmount, unitCents, unitCentsAfter } from "./fee-schedule.js";

const reference = loadReference({ importedDir: null });

describe("a unit's cents after percentages", () => {
  const day = reference.on("2026-03-10");
  const schedule = day.feeSchedule!;
  const gpci = day.gpci("01112-05")!;
  const unit = feeScheduleUnit(schedule.rows.get("97530")!, schedule.release, gpci, day.conversionFactor()!);

  it("is the exact amount after each percentage, rounded once, for every combination asked of one unit", () => {
    const combinations: [number, (number | undefined)[]][] = [
      [100, [85, undefined, undefined]],
      [50, [85, undefined, undefined]],
      [100, [85, 95, undefined]],
      [100, [undefined, 95, undefined]],
      [100, [undefined, undefined, 112.5]],
      [50, [85, undefined, 112.5]],
    ];
    // twice: the second round answers from what the first kept, and must not mix the combinations up
    for (let round = 0; round < 2; round++) {
      for (const [pePercentPaid, percents] of combinations) {
        expect(unitCentsAfter(unit, pePercentPaid, percents)).toBe(toCents(applyPercentages(unitAmount(unit, pePercentPaid), percents)));
      }
    }
    expect(unitCentsAfter(unit, 100, [85, undefined, undefined])).not.toBe(unitCentsAfter(unit, 50, [85, undefined, undefined]));
    expect(unitCentsAfter(unit, 100, [undefined, undefined, undefined])).toBe(unitCents(unit, 100));
  });
});
