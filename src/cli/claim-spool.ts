/**
 * An 837P batch written in flat memory for `otbill claim 837`: each claim's text goes, as soon
 * as it is prepared, to a spool file of its billing provider (so each provider gets one 2000A
 * without holding the batch), and the interchange is assembled from the spools only when every
 * claim of the batch was good. A failed batch deletes its spools: nothing is written.
 */
import { appendFileSync, createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { PreparedClaim } from "../claims/prepared-claim.js";
import { InputError } from "../errors.js";
import { billingGroupKey, interchangeFor, interchangeHeader, interchangeTrailer, TransactionSets, type InterchangeOptions } from "../x12/837p/write.js";
import { write } from "./io.js";

/** Text held per spool before it is appended to its file. */
const FLUSH_AT = 1 << 16;

interface Spool {
  file: string;
  sets: TransactionSets;
  pending: string;
}

export class ClaimSpool {
  claims = 0;
  private readonly dir = mkdtempSync(join(tmpdir(), "otbill-837-"));
  private readonly spools = new Map<string, Spool>();
  private options: Required<InterchangeOptions> | undefined;
  private transactions = 0;

  constructor(private readonly interchange: InterchangeOptions) {}

  /** Spools one claim; the first claim checks the interchange options (InputError naming the option). */
  add(claim: PreparedClaim): void {
    this.options ??= interchangeFor(claim, this.interchange);
    const key = billingGroupKey(claim.document);
    let spool = this.spools.get(key);
    if (!spool) {
      spool = { file: join(this.dir, `${this.spools.size}.x12`), sets: new TransactionSets(this.options, () => (this.transactions += 1)), pending: "" };
      this.spools.set(key, spool);
    }
    spool.pending += spool.sets.add(claim);
    if (spool.pending.length >= FLUSH_AT) {
      appendFileSync(spool.file, spool.pending);
      spool.pending = "";
    }
    this.claims += 1;
  }

  /** The whole interchange: ISA/GS, each billing provider's transaction sets, GE/IEA. */
  async writeTo(stream: Writable): Promise<void> {
    const options = this.options;
    if (!options) throw new InputError("unprocessable", "no claims to write: an 837P carries at least one claim");
    await write(stream, interchangeHeader(options));
    for (const spool of this.spools.values()) {
      appendFileSync(spool.file, spool.pending + spool.sets.finish());
      spool.pending = "";
      for await (const chunk of createReadStream(spool.file, { encoding: "utf8" }) as AsyncIterable<string>) await write(stream, chunk);
    }
    await write(stream, interchangeTrailer(options, this.transactions));
  }

  /** Deletes the spool files (always call, success or not). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
