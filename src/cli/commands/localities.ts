/**
 * `otbill localities QUERY [--date D] [--json]`: finds Medicare MAC-localities (the
 * `locality` of a visit) by state code ("CA"), state name ("california"), county
 * ("Marin") or locality name ("san francisco"), in the GPCI file in force on the date.
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { InputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import { formatScaled } from "../../reference/fixed.js";
import { loadReference } from "../../reference/reference.js";
import type { GpciRow } from "../../reference/types.js";
import { write, type CliIo } from "../io.js";
import { todayIso } from "../../reference/today.js";
import type { RegisterCommand } from "./index.js";

/** USPS state and territory codes as they appear in the GPCI files' state column. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado", CT: "Connecticut",
  DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia", HI: "Hawaii", ID: "Idaho", IL: "Illinois",
  IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky", LA: "Louisiana", ME: "Maine", MD: "Maryland",
  MA: "Massachusetts", MI: "Michigan", MN: "Minnesota", MS: "Mississippi", MO: "Missouri", MT: "Montana",
  NE: "Nebraska", NV: "Nevada", NH: "New Hampshire", NJ: "New Jersey", NM: "New Mexico", NY: "New York",
  NC: "North Carolina", ND: "North Dakota", OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania",
  RI: "Rhode Island", SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah",
  VT: "Vermont", VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
  PR: "Puerto Rico", VI: "Virgin Islands", GU: "Guam", AS: "American Samoa", MP: "Northern Mariana Islands",
};

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/** Localities matching the query, in state then locality order. */
export function findLocalities(rows: readonly GpciRow[], query: string): GpciRow[] {
  const wanted = normalize(query);
  if (wanted === "") return [];
  const stateCode = query.trim().toUpperCase();
  const byState = /^[A-Z]{2}$/.test(stateCode) ? rows.filter((row) => row.state === stateCode) : [];
  const matches =
    byState.length > 0
      ? byState
      : rows.filter((row) => {
          const haystack = normalize(`${row.locality} ${row.mac} ${row.name} ${row.counties} ${STATE_NAMES[row.state] ?? ""}`);
          return haystack.includes(wanted) || row.locality === query.trim();
        });
  return [...matches].sort((a, b) => a.state.localeCompare(b.state) || a.name.localeCompare(b.name) || a.locality.localeCompare(b.locality));
}

/** The county list without the fee schedule area name in front of it ("SAN FRANCISCO-...: MARIN" -> "MARIN"). */
function countiesOf(row: GpciRow): string {
  const colon = row.counties.indexOf(": ");
  return colon === -1 ? row.counties : row.counties.slice(colon + 2);
}

interface LocalitiesOptions {
  date?: string;
  json?: boolean;
}

async function runLocalities(io: CliIo, query: string, options: LocalitiesOptions): Promise<void> {
  if (normalize(query) === "") throw new InputError("invalid_input", `QUERY: ${JSON.stringify(query)} has no letters or digits to search for`, { path: "QUERY", value: query });
  const date = options.date === undefined ? todayIso() : parseIsoDate(options.date.trim(), "--date");
  const day = loadReference().on(date);
  const all = day.allLocalities();
  if (all.length === 0) throw new InputError("unprocessable", `no GPCI file is loaded for ${date}`, { path: "--date", value: date });
  const found = findLocalities(all, query);

  if (options.json) {
    const rows = found.map((row) => ({
      locality: row.locality,
      mac: row.mac,
      localityNumber: row.localityNumber,
      state: row.state,
      name: row.name,
      counties: row.counties,
      gpci: { work: Number(formatScaled(day.gpci(row.locality)?.work ?? row.workWithFloor, 3)), pe: Number(formatScaled(row.pe, 3)), mp: Number(formatScaled(row.mp, 3)) },
      year: row.year,
    }));
    await write(io.stdout, `${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (found.length === 0) {
    await write(io.stdout, `No Medicare locality matches ${JSON.stringify(query)} in ${day.year}. Try a state code (CA), a state name, a county or a city.\n`);
    return;
  }
  const table = new Table({
    head: ["locality", "state", "name", "counties", "work", "PE", "MP"],
    colWidths: [10, 7, 36, 40, 7, 7, 7],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const row of found) {
    const gpci = day.gpci(row.locality);
    table.push([row.locality, row.state, row.name, countiesOf(row), formatScaled(gpci?.work ?? row.workWithFloor, 3), formatScaled(row.pe, 3), formatScaled(row.mp, 3)]);
  }
  const floor = day.workFloorPeriod;
  const floorNote = floor ? `; the 1.0 work GPCI floor applies ${floor.start} to ${floor.end}` : "";
  await write(io.stdout, `${table.toString()}\n${found.length} localit${found.length === 1 ? "y" : "ies"}, GPCIs in force on ${date}${floorNote}\n`);
}

export const registerLocalitiesCommand: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("localities")
    .description("find a Medicare MAC-locality by state, county or name (e.g. \"san francisco\", CA, Marin)")
    .argument("<query>", "state code, state name, county or locality name")
    .option("--date <date>", "date of service, YYYY-MM-DD (default: today)")
    .option("--json", "print JSON")
    .action(async (query: string, options: LocalitiesOptions) => {
      await runLocalities(io, query, options);
    });
};
