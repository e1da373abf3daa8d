import { beforeAll, describe, expect, it } from "vitest";
import { prepareClaim } from "../../claims/prepare.js";
import type { PreparedClaim } from "../../claims/prepared-claim.js";
import { claimDocument, claimVisit, reference } from "../../claims/test-support/claim-fixtures.js";
import type { IsoDate } from "../../reference/dates.js";
import { npiProblem } from "../../store/npi.js";
import { SCENARIOS } from "../test-support/scenarios.js";
import { centsOf, claimsOf, HAVE_VALIDATOR, segmentsOf, validateX12, type Segment, type Validation, type WrittenClaim } from "../test-support/x12-check.js";
import { byBillingProvider, MAX_CLAIMS_PER_TRANSACTION, write837p, write837pText } from "./write.js";

const INTERCHANGE = { controlNumber: 907, date: "2026-03-12" as IsoDate, time: "0930", usage: "T" as const };

const prepared = (name: keyof typeof SCENARIOS): PreparedClaim => prepareClaim(SCENARIOS[name], reference);

/** A copy of a prepared claim under another claim id (and so other line ids). */
function renamed(claim: PreparedClaim, claimId: string): PreparedClaim {
  return { ...claim, document: { ...claim.document, claimId }, lines: claim.lines.map((line, index) => ({ ...line, lineId: `${claimId}-${index + 1}` })) };
}

const nonParticipating = prepareClaim(
  claimDocument("C-NONPAR", { visit: claimVisit("V-NONPAR", undefined, { provider: { npi: "1234567893", discipline: "OT", participating: false } }) }),
  reference,
);

let claims: PreparedClaim[];
let text: string;
let segments: Segment[];
let written: Map<string, WrittenClaim>;
let large: string;
let validation: Validation | undefined;
/** Every other interchange the tests write; the last test validates them together. */
const alsoWritten: Record<string, string> = {};

beforeAll(() => {
  claims = byBillingProvider([...Object.keys(SCENARIOS).map((name) => prepared(name as keyof typeof SCENARIOS)), nonParticipating]);
  text = write837pText(claims, INTERCHANGE);
  segments = segmentsOf(text);
  written = new Map(claimsOf(segments).map((claim) => [claim.clm[1]!, claim]));
  // One more than a transaction set holds: the writer opens a second ST.
  const base = prepared("self");
  large = write837pText(Array.from({ length: MAX_CLAIMS_PER_TRANSACTION + 1 }, (_, index) => renamed(base, `C-${index + 1}`)), { ...INTERCHANGE, controlNumber: 908 });
  if (HAVE_VALIDATOR) validation = validateX12({ "scenarios.837": text, "two-transactions.837": large });
}, 180_000);

function find(claim: WrittenClaim, id: string, qualifier?: string): Segment[] {
  return claim.segments.filter((segment) => segment[0] === id && (qualifier === undefined || segment[1] === qualifier));
}

/** The 2000B/2000C segments (from the claim's subscriber HL to its CLM). */
function subscriberPart(claimId: string): Segment[] {
  const clmIndex = segments.findIndex((segment) => segment[0] === "CLM" && segment[1] === claimId);
  let start = clmIndex;
  while (start > 0 && !(segments[start]![0] === "HL" && segments[start]![3] === "22")) start -= 1;
  return segments.slice(start, clmIndex);
}

describe("the 837P passes the 005010X222A1 validator (pyx12)", () => {
  it.skipIf(!HAVE_VALIDATOR)("every scenario, and a batch of two transaction sets", () => {
    expect(validation?.output).toContain("scenarios.837: OK");
    expect(validation?.output).toContain("two-transactions.837: OK");
    expect(validation?.status).toBe(0);
  });
});

describe("what the validator cannot see", () => {
  it("CLM02 is the sum of the lines' SV102 and the prepared total", () => {
    for (const claim of claims) {
      const clm = written.get(claim.document.claimId)!;
      const lines = find(clm, "SV1").reduce((sum, sv1) => sum + centsOf(sv1[2]!), 0);
      expect(centsOf(clm.clm[2]!)).toBe(lines);
      expect(lines).toBe(claim.totalChargeCents);
    }
    expect(written.get("C-SELF")!.clm[2]).toBe("150");
  });

  it("HI has the visit's diagnoses without dots, in order, ABK then ABF", () => {
    for (const claim of claims) {
      const [hi] = find(written.get(claim.document.claimId)!, "HI");
      expect(hi!.slice(1)).toEqual(claim.document.visit.diagnoses!.map((code, index) => `${index === 0 ? "ABK" : "ABF"}:${code.replace(".", "")}`));
    }
    expect(find(written.get("C-DX12")!, "HI")[0]).toEqual(["HI", "ABK:I69351", "ABF:M6281", "ABF:R2689", "ABF:M25511", "ABF:M25512", "ABF:R278", "ABF:G8191", "ABF:M79601", "ABF:M79602", "ABF:R531", "ABF:Z7409", "ABF:M6250"]);
  });

  it("SV1 codes, modifiers, units and pointers are the scrub's lines; DTP*472 the date; REF*6R the line id", () => {
    for (const claim of claims) {
      const clm = written.get(claim.document.claimId)!;
      const sv1 = find(clm, "SV1").map((segment) => {
        const [, code, ...modifiers] = segment[1]!.split(":");
        return { code, modifiers: modifiers.slice(0, 5).filter((modifier, index) => index < 4 && modifier !== ""), units: Number(segment[4]), pointers: segment[7]!.split(":").map(Number), unit: segment[3] };
      });
      expect(sv1).toEqual(claim.scrub.lines.map((line) => ({ code: line.code, modifiers: line.modifiers, units: line.units, pointers: line.diagnosisPointers, unit: "UN" })));
      expect(find(clm, "DTP", "472").map((segment) => segment.slice(2))).toEqual(claim.lines.map(() => ["D8", "20260310"]));
      expect(find(clm, "REF", "6R").map((segment) => segment[2])).toEqual(claim.lines.map((line) => line.lineId));
      expect(find(clm, "LX").map((segment) => segment[1])).toEqual(claim.lines.map((_, index) => String(index + 1)));
    }
  });

  it("writes the split CO line, KX and 59 in the scrub's order", () => {
    expect(find(written.get("C-OTA")!, "SV1").map((segment) => segment.slice(1, 5))).toEqual([
      ["HC:97110:GO", "45", "UN", "1"],
      ["HC:97110:GO:CO", "90", "UN", "2"],
    ]);
    expect(find(written.get("C-KX")!, "SV1").map((segment) => segment[1])).toEqual(["HC:97530:GO:KX", "HC:97140:GO:KX:59"]);
  });

  it("describes an unlisted code in SV101-7", () => {
    expect(find(written.get("C-UNL")!, "SV1")[1]).toEqual(["SV1", "HC:97139:GO::::Constraint induced therapy home program", "60", "UN", "1", "", "", "1:2"]);
  });

  it("REF*6R is unique in the interchange and every NPI passes its check digit", () => {
    const lineIds = segments.filter((segment) => segment[0] === "REF" && segment[1] === "6R").map((segment) => segment[2]);
    expect(new Set(lineIds).size).toBe(lineIds.length);
    expect(lineIds.length).toBe(claims.reduce((sum, claim) => sum + claim.lines.length, 0));
    const npis = segments.filter((segment) => segment[0] === "NM1" && segment[8] === "XX").map((segment) => segment[9]!);
    expect(npis.length).toBeGreaterThan(claims.length);
    for (const npi of npis) expect(npiProblem(npi)).toBeUndefined();
  });

  it("SE01 counts ST to SE; GE01 the transaction sets; the control numbers match", () => {
    for (const interchange of [text, large]) {
      const all = segmentsOf(interchange);
      const sets: { st: Segment; count: number; se?: Segment }[] = [];
      for (const segment of all) {
        if (segment[0] === "ST") sets.push({ st: segment, count: 0 });
        const current = sets[sets.length - 1];
        if (current && !current.se) current.count += 1;
        if (segment[0] === "SE") current!.se = segment;
      }
      for (const set of sets) {
        expect(Number(set.se![1])).toBe(set.count);
        expect(set.se![2]).toBe(set.st[2]);
      }
      const isa = all[0]!;
      const gs = all[1]!;
      const ge = all[all.length - 2]!;
      const iea = all[all.length - 1]!;
      expect(ge).toEqual(["GE", String(sets.length), gs[6]]);
      expect(iea).toEqual(["IEA", "1", isa[13]]);
    }
    expect(segmentsOf(large).filter((segment) => segment[0] === "ST").map((segment) => segment[2])).toEqual(["0001", "0002"]);
    expect(segmentsOf(large).filter((segment) => segment[0] === "CLM")).toHaveLength(MAX_CLAIMS_PER_TRANSACTION + 1);
    expect(segments[0]!.slice(13, 15)).toEqual(["000000907", "0"]);
    expect(segments[1]).toEqual(["GS", "HC", "SUB123", "04112", "20260312", "0930", "907", "X", "005010X222A1"]);
  });

  it("numbers HL levels from 1 in each transaction set with the right parents and child codes", () => {
    for (const interchange of [text, large]) {
      const hls = segmentsOf(interchange).filter((segment) => segment[0] === "HL" || segment[0] === "ST");
      let levels = new Map<string, string>();
      hls.forEach((segment, index) => {
        if (segment[0] === "ST") {
          levels = new Map();
          return;
        }
        const [, id, parent, level, hasChild] = segment;
        expect(Number(id)).toBe(levels.size + 1);
        if (level === "20") expect(parent).toBe("");
        else expect(levels.get(parent!)).toBe(level === "22" ? "20" : "22");
        const next = hls[index + 1];
        expect(hasChild).toBe(next?.[0] === "HL" && next[2] === id ? "1" : "0");
        levels.set(id!, level!);
      });
    }
  });

  it("one 2000A per billing provider, each with PRV*BI, NPI, 9-digit ZIP and EIN", () => {
    const billing = segments.flatMap((segment, index) => (segment[0] === "HL" && segment[3] === "20" ? [segments.slice(index, index + 6)] : []));
    // The second practice's HL id follows the first practice's claims (the HL test checks the numbering).
    const secondId = billing[1]?.[0]?.[1];
    expect(billing.map((loop) => loop.map((segment) => segment.join("*")))).toEqual([
      ["HL*1**20*1", "PRV*BI*PXC*225X00000X", "NM1*85*2*Sunrise Occupational Therapy*****XX*1234567893", "N3*100 Main St", "N4*Denver*CO*802021234", "REF*EI*841234567"],
      [`HL*${secondId}**20*1`, "PRV*BI*PXC*225XH1200X", "NM1*85*2*Front Range Hand Therapy*****XX*1555555550", "N3*9 Pearl St*Suite 200", "N4*Boulder*CO*803021111", "REF*EI*842222222"],
    ]);
    // The second practice has its own phone (2010AA PER) and a pay-to address (2010AB).
    const second = segments.findIndex((segment) => segment.join("*") === `HL*${secondId}**20*1`);
    expect(segments.slice(second + 6, second + 10).map((segment) => segment.join("*"))).toEqual(["PER*IC*Front Range Hand Therapy*TE*7205550100", "NM1*87*2", "N3*PO Box 4410", "N4*Boulder*CO*80306"]);
  });
});

describe("the parties of each claim", () => {
  it("patient = subscriber: SBR02 18, DMG on the subscriber, no 2000C; a different rendering provider gets 2310B", () => {
    expect(subscriberPart("C-SELF").map((segment) => segment.join("*"))).toEqual([
      "HL*2*1*22*0",
      "SBR*P*18*******MB",
      "NM1*IL*1*Doe*Jane****MI*1EG4TE5MK72",
      "N3*1 Elm St",
      "N4*Denver*CO*80202",
      "DMG*D8*19500101*F",
      "NM1*PR*2*Medicare Part B*****PI*04112",
    ]);
    const claim = written.get("C-SELF")!;
    expect(claim.clm).toEqual(["CLM", "C-SELF", "150", "", "", "11:B:1", "Y", "A", "Y", "Y"]);
    expect(claim.segments.map((segment) => segment.join("*")).filter((line) => /^(NM1|PRV)/.test(line))).toEqual([
      "NM1*DN*1*Chen*Mark****XX*1972543114",
      "NM1*82*1*Lopez*Ana****XX*1245319599",
      "PRV*PE*PXC*225X00000X",
    ]);
  });

  it("a child: 2000C with PAT*19 and the patient's address and DMG, no SBR02 nor subscriber address or DMG (X12 RFI 2281); no 2310B when rendering = billing; REF*G1", () => {
    expect(subscriberPart("C-CHILD").map((segment) => segment.join("*"))).toEqual([
      "HL*3*1*22*1",
      "SBR*P**GRP-7781******CI",
      "NM1*IL*1*Ruiz*Robert****MI*W123456789",
      "NM1*PR*2*Aetna*****PI*60054",
      "N3*PO Box 981106",
      "N4*El Paso*TX*799981106",
      "HL*4*3*23*0",
      "PAT*19",
      "NM1*QC*1*Ruiz*Lucia",
      "N3*22 Oak Ave*Apt 3",
      "N4*Aurora*CO*800101234",
      "DMG*D8*20170203*F",
    ]);
    const claim = written.get("C-CHILD")!;
    expect(find(claim, "REF", "G1")).toEqual([["REF", "G1", "AUTH-55501"]]);
    expect(find(claim, "NM1", "82")).toEqual([]);
    expect(find(written.get("C-SPOUSE")!, "NM1", "82")).toEqual([]);
    expect(subscriberPart("C-SPOUSE").find((segment) => segment[0] === "PAT")).toEqual(["PAT", "01"]);
  });

  it("frequency 7 and 8 carry REF*F8 with the payer's claim control number; an original does not", () => {
    expect(written.get("C-REPL")!.clm[5]).toBe("11:B:7");
    expect(find(written.get("C-REPL")!, "REF", "F8")).toEqual([["REF", "F8", "22026334112300"]]);
    expect(written.get("C-VOID")!.clm[5]).toBe("11:B:8");
    expect(find(written.get("C-VOID")!, "REF", "F8")).toEqual([["REF", "F8", "22026334112301"]]);
    expect(find(written.get("C-SELF")!, "REF", "F8")).toEqual([]);
  });

  it("SBR09 follows the payer kind unless the payer names its own indicator", () => {
    const sbr09 = (claimId: string): string | undefined => subscriberPart(claimId).find((segment) => segment[0] === "SBR")![9];
    expect(["C-SELF", "C-CHILD", "C-WC", "C-MCD", "C-MA", "C-TRI", "C-SP", "C-HMO"].map(sbr09)).toEqual(["MB", "CI", "WC", "MC", "16", "CH", "ZZ", "HM"]);
    // The visit's authorization number is the claim's REF*G1 when the document names none.
    expect(find(written.get("C-MA")!, "REF", "G1")).toEqual([["REF", "G1", "HUM-448812"]]);
  });

  it("workers' comp: CLM11 EM, the service facility in 2310C; Medicaid without a referring provider has no 2310A", () => {
    const claim = written.get("C-WC")!;
    expect(claim.clm).toEqual(["CLM", "C-WC", "90", "", "", "11:B:1", "Y", "A", "Y", "Y", "", "EM"]);
    expect(claim.segments.slice(2, 7).map((segment) => segment.join("*"))).toEqual([
      "NM1*DN*1*Chen*Mark****XX*1972543114",
      "NM1*82*1*Ortiz*Sam****XX*1245319599",
      "NM1*77*2*Boulder Work Rehab Clinic*****XX*1666666668",
      "N3*500 Canyon Blvd",
      "N4*Boulder*CO*803021234",
    ]);
    expect(find(written.get("C-MCD")!, "NM1", "DN")).toEqual([]);
    // A facility at the billing provider's own address is not a 2310C.
    const atHome = prepareClaim(claimDocument("C-HOME", { serviceFacility: { name: "Sunrise OT", address: { line1: "100 Main St", city: "Denver", state: "CO", zip: "80202" } } }), reference);
    alsoWritten["at-home.837"] = write837pText([atHome], INTERCHANGE);
    expect(segmentsOf(alsoWritten["at-home.837"]).filter((segment) => segment[0] === "NM1" && segment[1] === "77")).toEqual([]);
  });

  it("a non-participating provider's claim is not assigned (CLM07 C, CLM08 N) unless the document says so", () => {
    expect(written.get("C-NONPAR")!.clm.slice(6, 10)).toEqual(["Y", "C", "N", "Y"]);
    const assigned = prepareClaim({ ...claimDocument("C-NP2", { visit: nonParticipating.document.visit }), assignment: { acceptsAssignment: true, releaseOfInformation: "I" } }, reference);
    alsoWritten["assigned.837"] = write837pText([assigned], INTERCHANGE);
    expect(segmentsOf(alsoWritten["assigned.837"]).find((segment) => segment[0] === "CLM")!.slice(6, 10)).toEqual(["Y", "A", "Y", "I"]);
  });
});

describe("streaming", () => {
  it("yields the envelope before reading the second claim, then one chunk a claim", () => {
    let pulled = 0;
    const base = prepared("self");
    function* source(): Generator<PreparedClaim> {
      for (let index = 1; index <= 3; index += 1) {
        pulled += 1;
        yield renamed(base, `C-S${index}`);
      }
    }
    const chunks = write837p(source(), INTERCHANGE);
    const head = chunks.next().value as string;
    expect(head).toMatch(/^ISA\*.*\nGS\*HC\*SUB123\*04112\*20260312\*0930\*907\*X\*005010X222A1~\n$/);
    expect(pulled).toBe(1);
    const firstClaim = chunks.next().value as string;
    expect(firstClaim).toMatch(/^ST\*837\*0001\*005010X222A1~\nBHT\*0019\*00\*907-0001\*20260312\*0930\*CH~\n/);
    expect(pulled).toBe(1);
    const rest = [...chunks];
    expect(pulled).toBe(3);
    expect(rest).toHaveLength(3);
    expect(rest[2]).toMatch(/^SE\*\d+\*0001~\nGE\*1\*907~\nIEA\*1\*000000907~\n$/);
    alsoWritten["streamed.837"] = head + firstClaim + rest.join("");
  });

  it("refuses an empty batch and bad options before writing anything", () => {
    expect(() => write837pText([], INTERCHANGE)).toThrow("no claims to write: an 837P carries at least one claim");
    expect(() => write837p([prepared("self")], { ...INTERCHANGE, usage: "X" as "T" }).next()).toThrow('usage: must be T (test) or P (production) (got "X")');
  });
});

describe("every other interchange these tests wrote", () => {
  it.skipIf(!HAVE_VALIDATOR)("passes the validator", () => {
    expect(Object.keys(alsoWritten).sort()).toEqual(["assigned.837", "at-home.837", "streamed.837"]);
    const result = validateX12(alsoWritten);
    expect(result.output).not.toContain("Failure");
    expect(result.status).toBe(0);
  });
});
