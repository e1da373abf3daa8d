/**
 * The code lists a denial is read with, loaded once from data/: CARC and RARC wording
 * (data/codesets, see data/PROVENANCE.md) and what a biller does about each therapy
 * denial, with the otbill rule that would have caught it (data/otbill/carc_actions.csv).
 */
import { join } from "node:path";
import { readCsv } from "../reference/csv.js";
import { DEFAULT_DATA_DIR } from "../reference/load.js";

export interface CarcAction {
  carc: string;
  title: string;
  billerAction: string;
  /** rule ids of otbill's scrub that catch this cause before the claim goes out */
  otbillRules: string[];
  appealable: boolean;
  source: string;
}

export interface RemitCodeSets {
  carc: ReadonlyMap<string, string>;
  rarc: ReadonlyMap<string, string>;
  actions: ReadonlyMap<string, CarcAction>;
}

let loaded: RemitCodeSets | undefined;

export function loadRemitCodeSets(dataDir: string = DEFAULT_DATA_DIR): RemitCodeSets {
  if (loaded && dataDir === DEFAULT_DATA_DIR) return loaded;
  const carc = new Map<string, string>();
  for (const row of readCsv(join(dataDir, "codesets/carc_claim_adjustment_reason_codes.csv"), ["carc_code", "description_x12_2023", "description_cms_bfd"])) {
    // The X12 wording (current style) when the 2023 list has it, else the CMS wording.
    carc.set(row.carc_code!, (row.description_x12_2023 || row.description_cms_bfd)!);
  }
  const rarc = new Map<string, string>();
  for (const row of readCsv(join(dataDir, "codesets/rarc_remittance_advice_remark_codes.csv"), ["rarc_code", "description"])) rarc.set(row.rarc_code!, row.description!);
  const actions = new Map<string, CarcAction>();
  for (const row of readCsv(join(dataDir, "otbill/carc_actions.csv"), ["carc", "title", "biller_action", "otbill_rules", "appealable", "source"])) {
    actions.set(row.carc!, {
      carc: row.carc!,
      title: row.title!,
      billerAction: row.biller_action!,
      otbillRules: row.otbill_rules ? row.otbill_rules.split("|") : [],
      appealable: row.appealable === "yes",
      source: row.source!,
    });
  }
  const sets = { carc, rarc, actions };
  if (dataDir === DEFAULT_DATA_DIR) loaded = sets;
  return sets;
}
