/**
 * The payer profiles (data/payers/) over HTTP: which rules each payer kind is billed by on
 * a date, each with its public source, or "not found" and the commercial-default value it
 * fell back to. Reference data, no patient data.
 */
import { z } from "zod";
import { isoDateSchema } from "../../contract/visit.js";
import { InputError } from "../../errors.js";
import type { PayerProfile } from "../../payers/profile-schema.js";
import { payerProfilesOf } from "../../payers/profiles.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import { route, type Route } from "../route.js";

const dateQuery = z.object({ date: isoDateSchema.optional().describe("the date the rules apply on (default: today)") });
const profileResponse = z.looseObject({ id: z.string(), name: z.string(), kind: z.string(), version: z.string(), rules: z.record(z.string(), z.unknown()), origins: z.record(z.string(), z.unknown()) });

function view(profile: PayerProfile): PayerProfile {
  return { id: profile.id, name: profile.name, kind: profile.kind, version: profile.version, rules: profile.rules, origins: profile.origins };
}

export function payerProfileRoutes(reference: Reference): Route[] {
  const profiles = () => payerProfilesOf(reference);
  return [
    route({
      method: "GET",
      url: "/api/payer-profiles",
      tag: "reference",
      summary: "The payer profiles on a date: each rule's value and its public source (or not found, then commercial-default's value)",
      query: dateQuery,
      response: z.object({ date: z.string(), profiles: z.array(profileResponse) }),
      errors: [400],
      handler: ({ query }) => {
        // The date is part of the request; the server's clock only fills it in when it is left out.
        const date = query.date ?? todayIso();
        return { date, profiles: profiles().ids().map((id) => view(profiles().get(id, date))) };
      },
    }),
    route({
      method: "GET",
      url: "/api/payer-profiles/:id",
      tag: "reference",
      summary: "One payer profile on a date",
      params: z.object({ id: z.string() }),
      query: dateQuery,
      response: profileResponse,
      errors: [400, 404],
      handler: ({ params, query }) => {
        const date = query.date ?? todayIso();
        if (!profiles().has(params.id)) return notFound(params.id, profiles().ids());
        return view(profiles().get(params.id, date));
      },
    }),
  ];
}

function notFound(id: string, known: string[]): never {
  throw new InputError("not_found", `no payer profile ${JSON.stringify(id)} (known: ${known.join(", ")})`, { path: "id", value: id });
}
