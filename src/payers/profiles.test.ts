import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATA_DIR } from "../reference/load.js";
import type { IsoDate } from "../reference/dates.js";
import { RULE_NAMES } from "./profile-schema.js";
import { loadProfileFiles, PayerProfiles } from "./profiles.js";

const profiles = new PayerProfiles(loadProfileFiles(DEFAULT_DATA_DIR));
const D = (text: string): IsoDate => text as IsoDate;

describe("the bundled profiles", () => {
  it("ships the five profiles", () => {
    expect(profiles.ids().sort()).toEqual(["commercial-default", "medicaid-colorado", "medicare", "medicare-advantage", "workers-comp-default"]);
  });

  it.each(["commercial-default", "medicaid-colorado", "medicare", "medicare-advantage", "workers-comp-default"])("%s: every rule has a value and a source", (id) => {
    const profile = profiles.get(id, D("2026-03-10"));
    for (const name of RULE_NAMES) {
      expect(profile.rules[name], name).not.toBeUndefined();
      expect(profile.origins[name].source.length, name).toBeGreaterThan(10);
    }
  });

  it("medicare: today's rules", () => {
    const { rules } = profiles.get("medicare", D("2026-03-10"));
    expect(rules.unitRule).toBe("cms");
    expect(rules.kx).toEqual({ applies: true });
    expect(rules.assistants).toEqual({ policy: "modifier", percent: 85 });
    expect(rules.timelyFiling).toEqual({ months: 12 });
    expect(rules.priorAuthorization).toEqual({ required: "never" });
    expect(rules.visitLimit).toEqual({ basis: "none" });
    expect(rules.referringProvider).toEqual({ required: false });
    expect(rules.feeSchedule).toEqual({ basis: "medicare" });
  });

  it("versions by effective date: CO/CQ paid at 85% from 2022-01-01, in full on 2021-12-31", () => {
    expect(profiles.get("medicare", D("2021-12-31")).rules.assistants).toEqual({ policy: "modifier", percent: null });
    expect(profiles.get("medicare", D("2021-12-31")).version).toBe("2010-01-01");
    expect(profiles.get("medicare", D("2022-01-01")).rules.assistants).toEqual({ policy: "modifier", percent: 85 });
    expect(profiles.get("medicare", D("2022-01-01")).version).toBe("2022-01-01");
    // the later version changes only the assistant rule
    expect(profiles.get("medicare", D("2022-01-01")).rules.timelyFiling).toEqual({ months: 12 });
  });

  it("a date before the first version takes the first version", () => {
    expect(profiles.get("medicaid-colorado", D("2020-01-01")).version).toBe("2022-07-01");
  });

  it("medicaid-colorado: ordering NPI, assistants not recognized, authorization as the limit, 365 days, 28 days from the order", () => {
    const { rules, origins } = profiles.get("medicaid-colorado", D("2026-03-10"));
    expect(rules.referringProvider).toEqual({ required: true });
    expect(rules.assistants).toEqual({ policy: "not-recognized" });
    expect(rules.priorAuthorization).toEqual({ required: "first-visit" });
    expect(rules.visitLimit).toEqual({ basis: "authorized", warnAtPercent: 80 });
    expect(rules.timelyFiling).toEqual({ days: 365 });
    expect(rules.orderWindow).toEqual({ days: 28 });
    expect(origins.referringProvider.source).toContain("hcpf.colorado.gov/outpatient-ptot-benefits");
    expect(origins.assistants.fallback).toBe(false);
  });

  it("a rule not found falls back to commercial-default, and its origin says so", () => {
    const { rules, origins } = profiles.get("medicaid-colorado", D("2026-03-10"));
    expect(rules.unitsPerDay).toEqual({ basis: "none" });
    expect(rules.unitRule).toBe("ama");
    expect(rules.feeSchedule).toEqual({ basis: "none" });
    expect(origins.unitsPerDay.fallback).toBe(true);
    expect(origins.unitsPerDay.source).toMatch(/^not found \(no units-per-day limit found in hcpf\.colorado\.gov\/ptot-manual\); commercial-default: /);
  });

  it("workers-comp-default: the worker owes nothing; the rest falls back", () => {
    const { rules, origins } = profiles.get("workers-comp-default", D("2026-03-10"));
    expect(rules.costSharing).toEqual({ basis: "none" });
    expect(rules.timelyFiling).toEqual({ days: 90 });
    expect(origins.timelyFiling.fallback).toBe(true);
  });

  it("an unknown profile id names payer.profile and the known ids", () => {
    expect(() => profiles.get("acme", D("2026-03-10"))).toThrow(/payer\.profile: no payer profile "acme" \(known: commercial-default, medicaid-colorado/);
  });
});

describe("profileFor: the payer's profile on a date", () => {
  it("follows payer.kind without payer.profile", () => {
    expect(profiles.profileFor({ kind: "medicare" }, D("2026-03-10")).profile.id).toBe("medicare");
    expect(profiles.profileFor({ kind: "medicare-advantage" }, D("2026-03-10")).profile.id).toBe("medicare-advantage");
    expect(profiles.profileFor({ kind: "commercial" }, D("2026-03-10"))).toMatchObject({ named: false, profile: { id: "commercial-default" } });
    expect(profiles.profileFor({ kind: "commercial" }, D("2026-03-10")).note).toBeUndefined();
    expect(profiles.profileFor({ kind: "workers-comp" }, D("2026-03-10")).profile.id).toBe("workers-comp-default");
  });

  it("a medicaid payer without a profile gets commercial-default and a note, never another state's rules", () => {
    const choice = profiles.profileFor({ kind: "medicaid" }, D("2026-03-10"));
    expect(choice.profile.id).toBe("commercial-default");
    expect(choice.note).toContain("set payer.profile to medicaid-colorado");
  });

  it("the payer's own settings replace the profile's rule by rule", () => {
    const choice = profiles.profileFor(
      {
        kind: "commercial",
        profile: "commercial-default",
        profileOverrides: {
          visitLimit: { basis: "visits", visits: 20, period: "calendar-year", scope: "combined", warnAtPercent: 80 },
          priorAuthorization: { required: "after-visits", afterVisits: 12 },
          feeSchedule: { basis: "percent-of-medicare", percent: 110 },
        },
      },
      D("2026-03-10"),
    );
    expect(choice.named).toBe(true);
    expect(choice.profile.rules.visitLimit).toMatchObject({ visits: 20, scope: "combined" });
    expect(choice.profile.rules.feeSchedule).toEqual({ basis: "percent-of-medicare", percent: 110 });
    expect(choice.profile.origins.feeSchedule).toMatchObject({ override: true });
    expect(choice.profile.rules.timelyFiling).toEqual({ days: 90 });
    expect(choice.profile.origins.timelyFiling.override).toBe(false);
  });
});

describe("loading profile files", () => {
  function dirWith(files: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), "otbill-payers-"));
    mkdirSync(join(dir, "payers"));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, "payers", name), typeof content === "string" ? content : JSON.stringify(content));
    return dir;
  }
  const commercial = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, "payers/commercial-default.json"), "utf8")) as Record<string, unknown>;

  it("a rule value of the wrong shape names the file and the field", () => {
    const bad = { ...commercial, versions: [{ effectiveFrom: "2010-01-01", rules: { timelyFiling: { value: { days: -3 }, source: "a source text" } } }] };
    expect(() => loadProfileFiles(dirWith({ "commercial-default.json": bad }))).toThrow(/versions\[0\]\.rules\.timelyFiling/);
  });

  it("an unknown rule name is refused", () => {
    const bad = { ...commercial, versions: [{ effectiveFrom: "2010-01-01", rules: { copays: { value: 1, source: "a source text" } } }] };
    expect(() => loadProfileFiles(dirWith({ "commercial-default.json": bad }))).toThrow(/copays|Unrecognized/);
  });

  it("the file name must be the id", () => {
    expect(() => loadProfileFiles(dirWith({ "other.json": commercial }))).toThrow(/id commercial-default does not match the file name/);
  });

  it("commercial-default must give every rule a value (it is everyone's fallback)", () => {
    const partial = { ...commercial, versions: [{ effectiveFrom: "2010-01-01", rules: { unitRule: { value: "ama", source: "a source text" } } }] };
    expect(() => new PayerProfiles(loadProfileFiles(dirWith({ "commercial-default.json": partial })))).toThrow(/needs a value and a source for disciplineModifiers/);
  });

  it("broken JSON names the file", () => {
    expect(() => loadProfileFiles(dirWith({ "commercial-default.json": "{ nope" }))).toThrow(/not valid JSON/);
  });
});

describe("payerProfilesOf", () => {
  it("reads a data folder's profiles once; a folder without payers/ uses the bundled ones", async () => {
    const { payerProfilesOf } = await import("./profiles.js");
    const empty = mkdtempSync(join(tmpdir(), "otbill-nopayers-"));
    const tables = { dataDir: empty };
    const first = payerProfilesOf({ tables });
    expect(first.ids()).toContain("medicaid-colorado");
    expect(payerProfilesOf({ tables })).toBe(first);
  });
});
