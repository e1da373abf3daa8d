import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimDocument, withField } from "../../claims/test-support/claim-fixtures.js";
import { SCENARIOS } from "../../x12/test-support/scenarios.js";
import { HAVE_VALIDATOR, REPO_ROOT, segmentsOf, validateX12 } from "../../x12/test-support/x12-check.js";
import { run } from "../test-support/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "otbill-claim-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const FIXED = ["--date", "2026-03-12", "--time", "0930"];
/** Every interchange the tests wrote; the last test validates them together. */
const written: Record<string, string> = {};

describe("otbill claim 837", () => {
  it("writes one interchange from a JSON array and NDJSON, to stdout, that the validator accepts", async () => {
    const array = file("array.json", JSON.stringify([SCENARIOS.self, SCENARIOS.child]));
    const ndjson = file("more.ndjson", [SCENARIOS.workersComp, SCENARIOS.assistant].map((document) => JSON.stringify(document)).join("\n"));
    const result = await run(["claim", "837", array, ndjson, "--control-number", "42", ...FIXED]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const segments = segmentsOf(result.stdout);
    expect(segments[0]!.slice(9, 16)).toEqual(["260312", "0930", "^", "00501", "000000042", "0", "T"]);
    expect(segments.filter((segment) => segment[0] === "CLM").map((segment) => segment[1])).toEqual(["C-SELF", "C-CHILD", "C-OTA", "C-WC"]);
    // One 2000A per billing provider: the second practice's claim moves after the first practice's.
    expect(segments.filter((segment) => segment[0] === "HL" && segment[3] === "20")).toHaveLength(2);
    written["cli.837"] = result.stdout;
  });

  it("writes the README's example, examples/claim.json", async () => {
    const result = await run(["claim", "837", join(REPO_ROOT, "examples/claim.json"), ...FIXED]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(lines.indexOf("CLM*C-1001*150***11:B:1*Y*A*Y*Y~"), -4)).toEqual([
      "CLM*C-1001*150***11:B:1*Y*A*Y*Y~",
      "HI*ABK:I69351*ABF:M6281~",
      "NM1*DN*1*Chen*Mark****XX*1972543114~",
      "NM1*82*1*Lopez*Ana****XX*1245319599~",
      "PRV*PE*PXC*225X00000X~",
      "LX*1~",
      "SV1*HC:97530:GO*110*UN*2***1:2~",
      "DTP*472*D8*20260310~",
      "REF*6R*C-1001-1~",
      "LX*2~",
      "SV1*HC:97140:GO:59*40*UN*1***2~",
      "DTP*472*D8*20260310~",
      "REF*6R*C-1001-2~",
    ]);
    written["example.837"] = result.stdout;
  });

  it("--out writes the file; --usage P marks production; the sender and receiver can be named", async () => {
    const input = file("one.json", JSON.stringify(claimDocument("C-OUT")));
    const out = join(dir, "out.837");
    const result = await run(["claim", "837", input, "--out", out, "--usage", "P", "--sender-id", "SUNRISE01", "--receiver-qualifier", "27", "--receiver-id", "CLEARHOUSE", ...FIXED]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    const text = readFileSync(out, "utf8");
    written["out.837"] = text;
    expect(text.split("\n").slice(0, 2)).toEqual([
      "ISA*00*          *00*          *ZZ*SUNRISE01      *27*CLEARHOUSE     *260312*0930*^*00501*000000001*0*P*:~",
      "GS*HC*SUNRISE01*CLEARHOUSE*20260312*0930*1*X*005010X222A1~",
    ]);
    expect(text).toContain("CLM*C-OUT*150***11:B:1*Y*A*Y*Y~");
  });

  it("exit 2 naming each claim and field; nothing on stdout and no --out file", async () => {
    const input = file("bad.json", JSON.stringify([
      claimDocument("C-1"),
      withField(claimDocument("C-2"), "billingProvider.npi", "1234567890"),
      withField(claimDocument("C-3"), "chargeMaster", { "97530": 55 }),
    ]));
    const out = join(dir, "never.837");
    const result = await run(["claim", "837", input, "--out", out, ...FIXED]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'otbill: C-2: billingProvider.npi: check digit should be 3, not 0 (got "1234567890")\n' +
        "otbill: C-3: chargeMaster.97140: no charge for billed code 97140; add the practice's charge per unit\n",
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes("never"))).toEqual([]);
  });

  it("names a field it ignored on stderr, and still writes the claim", async () => {
    const input = file("typo.json", JSON.stringify([{ ...claimDocument("C-T"), referingProvider: { firstName: "Mark" } }]));
    const result = await run(["claim", "837", input, ...FIXED]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("otbill: warning: C-T: referingProvider: not a field of the claim document; otbill ignored it (did you mean referringProvider?)\n");
    expect(result.stdout).toContain("CLM*C-T*150***11:B:1*Y*A*Y*Y~");
    written["typo.837"] = result.stdout;
  });

  it("reads NDJSON from stdin; a claim id used twice is exit 2", async () => {
    const ndjson = [claimDocument("C-IN1"), claimDocument("C-IN2")].map((document) => JSON.stringify(document)).join("\n");
    const result = await run(["claim", "837", "-", ...FIXED], { stdin: ndjson });
    expect(result.code).toBe(0);
    written["stdin.837"] = result.stdout;
    expect(segmentsOf(result.stdout).filter((segment) => segment[0] === "REF" && segment[1] === "6R").map((segment) => segment[2])).toEqual(["C-IN1-1", "C-IN1-2", "C-IN2-1", "C-IN2-2"]);
    const twice = await run(["claim", "837", "-", ...FIXED], { stdin: [claimDocument("C-D"), claimDocument("C-E"), claimDocument("C-D")].map((document) => JSON.stringify(document)).join("\n") });
    expect(twice).toEqual({ code: 2, stdout: "", stderr: "otbill: C-D: claimId: is used by claims 1 and 3 of the batch; each claim needs its own\n" });
  });

  it("exit 2 for bad options and unreadable input", async () => {
    const input = file("ok.json", JSON.stringify(claimDocument("C-1")));
    expect(await run(["claim", "837", input, "--control-number", "0"])).toEqual({ code: 2, stdout: "", stderr: 'otbill: --control-number: "0" is not a whole number from 1 to 999999999\n' });
    expect(await run(["claim", "837", input, "--usage", "X"])).toEqual({ code: 2, stdout: "", stderr: 'otbill: --usage: "X" is not T (test) or P (production)\n' });
    const broken = file("broken.ndjson", `${JSON.stringify(claimDocument("C-1"))}\n{"claimId": \n`);
    const result = await run(["claim", "837", broken]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^otbill: .*broken\.ndjson:2: not valid JSON/);
  });

  it.skipIf(!HAVE_VALIDATOR)("every interchange it wrote passes the validator", () => {
    expect(Object.keys(written).sort()).toEqual(["cli.837", "example.837", "out.837", "stdin.837", "typo.837"]);
    const result = validateX12(written);
    expect(result.output).not.toContain("Failure");
    expect(result.status).toBe(0);
  });
});
