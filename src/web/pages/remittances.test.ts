import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getClaim, listClaims } from "../../store/claims.js";
import { CSRF, denial835, multipartBody, openWebFixture, type WebFixture } from "../test-support.js";

describe("the remittances page", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(8);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("posts an uploaded 835 and shows the summary; the same file again changes nothing", async () => {
    const app = await fixture.as("biller");
    const [claim] = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 1 })).items;
    const upload = multipartBody({ _csrf: CSRF, acceptUnbalanced: "false" }, { name: "file", filename: "denial.835", content: denial835(claim!) });
    const answer = await app.inject({ method: "POST", url: "/remittances", ...upload });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.body).toContain("Posted denial.835");
    expect(answer.body).toContain(`<dt>Claims posted</dt><dd>1</dd><dt>Lines posted</dt><dd>${claim!.lines.length}</dd>`);
    expect((await getClaim(fixture.store.db, claim!.id)).status).toBe("denied");
    expect(answer.body).toContain("<td>EFT-WEB-1</td>");
    const again = await app.inject({ method: "POST", url: "/remittances", ...upload });
    expect(again.body).toContain("This remittance was posted before; nothing changed.");
  });

  it("keeps a payment for an unknown claim for a person, who dismisses it", async () => {
    const app = await fixture.as("biller");
    const waiting = async () => Number(/Payments no claim matched \((\d+)\)/.exec((await app.inject({ method: "GET", url: "/remittances" })).body)![1]);
    const before = await waiting();
    const [claim] = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 1 })).items;
    const text = denial835({ ...claim!, claimNumber: "C-999999" }, "EFT-WEB-2");
    const answer = await app.inject({ method: "POST", url: "/remittances", ...multipartBody({ _csrf: CSRF }, { name: "file", filename: "other.835", content: text }) });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.body).toContain("<dt>Unmatched payments</dt><dd>C-999999</dd>");
    expect(answer.body).toContain(`Payments no claim matched (${before + 1})`);
    const ids = [...answer.body.matchAll(/action="\/remittances\/unmatched\/(\d+)"/g)].map((match) => Number(match[1]));
    const id = Math.max(...ids);
    const dismissed = await app.inject({ method: "POST", url: `/remittances/unmatched/${id}`, payload: `_csrf=${CSRF}&action=dismiss&note=not+ours`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(dismissed.statusCode).toBe(303);
    expect(await waiting()).toBe(before);
  });

  it("refuses an upload without the CSRF token, an unreadable 835, and a therapist", async () => {
    const app = await fixture.as("biller");
    const noToken = await app.inject({ method: "POST", url: "/remittances", ...multipartBody({ _csrf: "wrong" }, { name: "file", filename: "x.835", content: "ISA*" }) });
    expect(noToken.statusCode).toBe(403);
    const broken = await app.inject({ method: "POST", url: "/remittances", ...multipartBody({ _csrf: CSRF }, { name: "file", filename: "x.835", content: "not an 835" }) });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers["content-type"]).toContain("text/html");
    const therapist = await (await fixture.as("therapist")).inject({ method: "GET", url: "/remittances" });
    expect(therapist.statusCode).toBe(403);
  });
});
