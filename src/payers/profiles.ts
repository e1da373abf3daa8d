/**
 * The payer profiles in force: read once per data folder from data/payers/*.json (validated
 * with zod), then `profileFor(payer, date)` resolves a profile on a date (later versions
 * change only the rules they list), fills each rule without a public source from
 * commercial-default, and lays the payer's own settings on top.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { formatIssuePath } from "../contract/visit.js";
import { InputError } from "../errors.js";
import { readTextFile } from "../reference/csv.js";
import { DEFAULT_DATA_DIR } from "../reference/load.js";
import type { IsoDate } from "../reference/dates.js";
import { memoPair } from "../reference/memo.js";
import {
  profileFileSchema,
  RULE_NAMES,
  type PayerProfile,
  type ProfileFile,
  type ProfileOverrides,
  type RuleName,
  type RuleOrigin,
  type RuleValues,
} from "./profile-schema.js";

export const FALLBACK_PROFILE = "commercial-default";
export const PAYER_PROFILE_DIR = "payers";

/** Which profile a payer kind follows when the payer names none. */
export const PROFILE_OF_KIND: Readonly<Record<ProfileFile["kind"], string>> = {
  medicare: "medicare",
  "medicare-advantage": "medicare-advantage",
  commercial: FALLBACK_PROFILE,
  "workers-comp": "workers-comp-default",
  // Medicaid differs by state: no one state's rules are imposed on another's claims.
  medicaid: FALLBACK_PROFILE,
  tricare: FALLBACK_PROFILE,
  "self-pay": FALLBACK_PROFILE,
};

export interface PayerRef {
  kind: ProfileFile["kind"];
  profile?: string | undefined;
  profileOverrides?: ProfileOverrides | undefined;
}

export interface ProfileChoice {
  profile: PayerProfile;
  /** true when the payer named the profile (payer.profile), false when its kind chose it */
  named: boolean;
  /** why a kind-chosen profile is only a stand-in, when it is */
  note?: string;
}

type Entry = ProfileFile["versions"][number]["rules"][RuleName];

function parseProfile(text: string, file: string): ProfileFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError("malformed_row", `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const parsed = profileFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError("malformed_row", `${formatIssuePath(issue.path) || "profile"}: ${issue.message}`, { file, path: formatIssuePath(issue.path) });
  }
  return parsed.data;
}

/** Reads every profile file of `dataDir/payers`. */
export function loadProfileFiles(dataDir: string): ProfileFile[] {
  const dir = join(dataDir, PAYER_PROFILE_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  } catch {
    throw new InputError("file_not_found", "no payer profile folder", { file: dir });
  }
  return names.map((name) => {
    const file = join(dir, name);
    const profile = parseProfile(readTextFile(file), file);
    if (`${profile.id}.json` !== name) throw new InputError("malformed_row", `id ${profile.id} does not match the file name`, { file, path: "id" });
    return profile;
  });
}

export class PayerProfiles {
  private readonly files = new Map<string, ProfileFile>();
  private readonly resolved = new Map<string, PayerProfile>();
  private readonly byDate = new Map<string, Map<string, PayerProfile>>();

  constructor(files: readonly ProfileFile[]) {
    for (const file of files) {
      if (this.files.has(file.id)) throw new InputError("malformed_row", `payer profile ${file.id} is defined twice`, { path: "id" });
      this.files.set(file.id, { ...file, versions: [...file.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)) });
    }
    const fallback = this.files.get(FALLBACK_PROFILE);
    if (!fallback) throw new InputError("malformed_row", `the ${FALLBACK_PROFILE} payer profile is missing`, { file: `${PAYER_PROFILE_DIR}/${FALLBACK_PROFILE}.json` });
    const first = fallback.versions[0]!;
    const missing = RULE_NAMES.filter((name) => !first.rules[name] || !("value" in first.rules[name]));
    if (missing.length > 0) {
      throw new InputError("malformed_row", `${FALLBACK_PROFILE} is every profile's fallback, so its first version needs a value and a source for ${missing.join(", ")}`, {
        file: `${PAYER_PROFILE_DIR}/${FALLBACK_PROFILE}.json`,
      });
    }
  }

  ids(): string[] {
    return [...this.files.keys()];
  }

  has(id: string): boolean {
    return this.files.has(id);
  }

  /** The profile `id` as it stands on `date`; throws an InputError naming payer.profile for an unknown id. */
  get(id: string, date: IsoDate): PayerProfile {
    // Every visit asks: the answer for a (profile, date) is kept, as the profiles never change.
    return memoPair(this.byDate, id, date, () => this.resolve(id, date));
  }

  private resolve(id: string, date: IsoDate): PayerProfile {
    const file = this.files.get(id);
    if (!file) {
      throw new InputError("invalid_input", `payer.profile: no payer profile ${JSON.stringify(id)} (known: ${this.ids().join(", ")})`, { path: "payer.profile", value: id });
    }
    const versions = file.versions.filter((version) => version.effectiveFrom <= date);
    // A date before the first version takes the first: it is the oldest rule known.
    const inForce = versions.length > 0 ? versions : file.versions.slice(0, 1);
    const version = inForce.at(-1)!.effectiveFrom;
    const key = `${id}@${version}`;
    const cached = this.resolved.get(key);
    if (cached) return cached;

    const entries = new Map<RuleName, NonNullable<Entry>>();
    for (const { rules } of inForce) for (const name of RULE_NAMES) if (rules[name]) entries.set(name, rules[name]);
    const fallback = id === FALLBACK_PROFILE ? undefined : this.get(FALLBACK_PROFILE, date);
    const values: Partial<Record<RuleName, unknown>> = {};
    const origins: Partial<Record<RuleName, RuleOrigin>> = {};
    for (const name of RULE_NAMES) {
      const entry = entries.get(name);
      if (entry && "value" in entry) {
        values[name] = entry.value;
        origins[name] = { source: entry.source, fallback: false, override: false };
      } else if (fallback) {
        values[name] = fallback.rules[name];
        const searched = entry && "notFound" in entry ? entry.notFound : "not stated in the profile";
        origins[name] = { source: `not found (${searched}); ${FALLBACK_PROFILE}: ${fallback.origins[name].source}`, fallback: true, override: false };
      }
    }
    const profile: PayerProfile = { id, name: file.name, kind: file.kind, version, rules: values as RuleValues, origins: origins as Record<RuleName, RuleOrigin> };
    this.resolved.set(key, profile);
    return profile;
  }

  /** The profile a payer follows on a date: the one it names, else its kind's; its own settings on top. */
  profileFor(payer: PayerRef, date: IsoDate): ProfileChoice {
    const named = payer.profile !== undefined;
    const id = payer.profile ?? PROFILE_OF_KIND[payer.kind];
    const base = this.get(id, date);
    const profile = payer.profileOverrides ? withOverrides(base, payer.profileOverrides) : base;
    const note =
      !named && id === FALLBACK_PROFILE && payer.kind !== "commercial"
        ? `A ${payer.kind} payer without payer.profile follows ${FALLBACK_PROFILE}: otbill does not guess which plan or state's rules apply.${payer.kind === "medicaid" ? " For Health First Colorado set payer.profile to medicaid-colorado." : ""}`
        : undefined;
    return { profile, named, ...(note ? { note } : {}) };
  }
}

/** The payer's own settings replace the profile's values rule by rule. */
export function withOverrides(profile: PayerProfile, overrides: ProfileOverrides): PayerProfile {
  const names = RULE_NAMES.filter((name) => overrides[name] !== undefined);
  if (names.length === 0) return profile;
  const rules = { ...profile.rules } as Record<RuleName, unknown>;
  const origins = { ...profile.origins };
  for (const name of names) {
    rules[name] = overrides[name];
    origins[name] = { source: `the payer's own setting (on top of the ${profile.id} profile)`, fallback: false, override: true };
  }
  return { ...profile, rules: rules as RuleValues, origins };
}

const byTables = new WeakMap<object, PayerProfiles>();
const byDir = new Map<string, PayerProfiles>();

/**
 * The profiles of a reference's data folder, read on first use and kept with that reference
 * (the reference tables are loaded once per process, so are these).
 */
export function payerProfilesOf(reference: { tables: { dataDir: string } }): PayerProfiles {
  let profiles = byTables.get(reference.tables);
  if (!profiles) {
    // A data folder without payer profiles (an older copy) uses the ones otbill ships.
    const dir = existsSync(join(reference.tables.dataDir, PAYER_PROFILE_DIR)) ? reference.tables.dataDir : DEFAULT_DATA_DIR;
    profiles = byDir.get(dir) ?? new PayerProfiles(loadProfileFiles(dir));
    byDir.set(dir, profiles);
    byTables.set(reference.tables, profiles);
  }
  return profiles;
}

let bundled: PayerProfiles | undefined;

/** The profiles shipped in data/payers/ (for checking a stored payer's profile id when it is written). */
export function bundledPayerProfiles(): PayerProfiles {
  bundled ??= payerProfilesOf({ tables: { dataDir: DEFAULT_DATA_DIR } });
  return bundled;
}

/** Throws an InputError naming `path` when `id` is not a known profile. */
export function requireProfileId(id: string | null | undefined, path = "profile"): void {
  if (id === null || id === undefined) return;
  const profiles = bundledPayerProfiles();
  if (!profiles.has(id)) throw new InputError("invalid_input", `${path}: no payer profile ${JSON.stringify(id)} (known: ${profiles.ids().join(", ")})`, { path, value: id });
}
