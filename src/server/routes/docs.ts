/** GET /api/openapi.json and a small self-contained docs page that reads it (no CDN). */
import { z } from "zod";
import { openApiDocument } from "../openapi.js";
import { route, type Route } from "../route.js";

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>otbill API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2430; }
  h1 { margin-bottom: 0; } .lead { color: #555; }
  details { border: 1px solid #d8dde6; border-radius: 6px; margin: .4rem 0; padding: .3rem .7rem; }
  summary { cursor: pointer; } code, pre { font: 13px/1.4 ui-monospace, monospace; }
  pre { background: #f5f7fa; padding: .6rem; overflow: auto; max-height: 24rem; }
  .method { display: inline-block; width: 4.2rem; font-weight: 600; }
  .GET { color: #1a7f37; } .POST { color: #0550ae; } .PATCH { color: #9a6700; }
  h2 { margin-top: 2rem; text-transform: capitalize; }
</style>
</head>
<body>
<h1>otbill API</h1>
<p class="lead">Generated from <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Every error is
<code>{ "error": { "code", "message", "path" } }</code>.</p>
<div id="routes">Loading...</div>
<script>
fetch("/api/openapi.json").then((r) => r.json()).then((doc) => {
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push({ path, method: method.toUpperCase(), op });
  }
  const root = document.getElementById("routes");
  root.textContent = "";
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };
  const block = (title, value) => { const d = el("details"); d.append(el("summary", title), el("pre", JSON.stringify(value, null, 2))); return d; };
  for (const [tag, routes] of Object.entries(byTag)) {
    root.append(el("h2", tag));
    for (const { path, method, op } of routes) {
      const d = el("details");
      const s = el("summary");
      s.append(el("span", method, "method " + method), el("code", path), document.createTextNode("  " + op.summary));
      d.append(s);
      if (op.parameters.length) d.append(block("parameters", op.parameters));
      if (op.requestBody) d.append(block("request body", op.requestBody.content["application/json"].schema));
      d.append(block("responses", op.responses));
      root.append(d);
    }
  }
  root.append(block("components", doc.components.schemas));
});
</script>
</body>
</html>
`;

/** `routes` is read when the document is first asked for, so it includes every route. */
export function docsRoutes(routes: () => readonly Route[], version: string): Route[] {
  let document: unknown;
  return [
    route({
      method: "GET",
      url: "/api/openapi.json",
      tag: "docs",
      summary: "This API as an OpenAPI 3.1 document",
      response: z.looseObject({ openapi: z.string() }),
      handler: () => (document ??= openApiDocument(routes(), version)),
    }),
    route({
      method: "GET",
      url: "/api/docs",
      tag: "docs",
      summary: "A page that lists every route with its schemas",
      contentType: "text/html; charset=utf-8",
      handler: () => DOCS_PAGE,
    }),
  ];
}
