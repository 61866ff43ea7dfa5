// The TypeScript decoder: errata_decode's rules (the cases of
// tests/decode/test_decode.c) and, over a corpus of bodies, the same answer
// as the C decoder through `errata decode` (code, members, title, detail,
// instance, trace id, unknown member names, retryable, retry-after).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { errata, load, root, tempDir } from "./common.mjs";

const petstore = join(root, "catalog/petstore.yaml");
const shop = join(root, "tests/catalogs/good/full.yaml");
const pets = await load(petstore);
const PNF = "https://errors.petstore.example/pet-not-found";

test("a known type with its members", () => {
  const p = pets.decodePetsProblem(404, { "Content-Type": "application/problem+json; charset=utf-8" },
    JSON.stringify({ type: PNF, title: "Pet not found", status: 404, detail: "Pet 42 does not exist", pet_id: "42" }));
  assert.equal(p.code, "PET_NOT_FOUND");
  assert.deepEqual(p.members, { pet_id: "42" });
  assert.equal(p.problemJson, true);
  assert.equal(p.retryable, false);
  assert.ok(pets.isPetsProblem(p, "PET_NOT_FOUND"));
  assert.equal(pets.describePetsProblem(p), "404 PET_NOT_FOUND: Pet not found: Pet 42 does not exist");
});

test("members of the wrong JSON type are absent, unknown members kept apart, the last duplicate wins", () => {
  const p = pets.decodePetsProblem(404, null, `{"type":"${PNF}","pet_id":42,"extra":[1],"title":7,"pet_id":"a","pet_id":null}`);
  assert.equal(p.code, "PET_NOT_FOUND");
  assert.deepEqual(p.members, {});
  assert.deepEqual(p.unknown, { extra: [1] });
  assert.equal(p.title, "Pet not found"); // a title of the wrong type: the entry's
});

test("type absent is about:blank; about:blank and a status map to the standard entry", () => {
  assert.equal(pets.decodePetsProblem(404, null, "{}").code, "NOT_FOUND");
  assert.equal(pets.decodePetsProblem(404, null, '{"type":"about:blank"}').code, "NOT_FOUND");
  assert.equal(pets.decodePetsProblem(404, null, '{"type":7}').type, "about:blank");
  const p = pets.decodePetsProblem(418, null, "{}");
  assert.equal(p.code, "UNKNOWN");
  assert.equal(p.title, "Client Error"); // not in the registry: its class
  assert.equal(pets.decodePetsProblem(599, null, "{}").title, "Server Error");
});

test("a foreign type is UNKNOWN; retryable from the status", () => {
  const p = pets.decodePetsProblem(503, null, '{"type":"https://other.example/x","title":"T"}');
  assert.equal(p.code, "UNKNOWN");
  assert.equal(p.retryable, true);
  assert.equal(p.title, "T");
  assert.equal(pets.decodePetsProblem(404, null, `{"type":"${PNF}\\u0000evil"}`).code, "UNKNOWN");
});

test("a body that is not a problem still yields one from the status", () => {
  for (const [body, kind] of [["<html>oops</html>", "invalid"], ["[1,2]", "not-object"], ["", "empty"],
    ['{"a":"\\ud800"}', "invalid"], ["[".repeat(65) + "]".repeat(65), "invalid"], ['{"a":1', "invalid"]]) {
    const p = pets.decodePetsProblem(500, null, body);
    assert.equal(p.code, "INTERNAL_SERVER_ERROR", body);
    assert.equal(p.body, kind, body);
  }
  assert.equal(pets.decodePetsProblem(500, null, "[".repeat(64) + "]".repeat(64)).body, "not-object");
});

test("Retry-After: delay, HTTP-dates in three forms, capped; garbage ignored", () => {
  const now = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
  const ra = (v, max) => pets.decodePetsProblem(429, { "retry-after": v }, "{}", { now, ...(max ? { retryAfterMax: max } : {}) }).retryAfter;
  assert.equal(ra("120"), 120);
  assert.equal(ra(" 7 "), 7);
  assert.equal(ra("999999999999999999999"), 86400);
  assert.equal(ra("100", 50), 50);
  assert.equal(ra("Sun, 06 Nov 1994 08:50:37 GMT"), 60);
  assert.equal(ra("Sunday, 06-Nov-94 08:50:37 GMT"), 60);
  assert.equal(ra("Sun Nov  6 08:50:37 1994"), 60);
  assert.equal(ra("Sun, 06 Nov 1994 08:00:00 GMT"), 0);
  assert.equal(ra("soon"), null);
  assert.equal(ra("-5"), null);
});

test("a rebased type is looked up under the catalog's base", () => {
  const body = '{"type":"https://errors.test/pets/pet-not-found","pet_id":"1"}';
  assert.equal(pets.decodePetsProblem(404, null, body).code, "UNKNOWN");
  const p = pets.decodePetsProblem(404, null, body,
    { typeBase: { catalog: "https://errors.petstore.example/", served: "https://errors.test/pets/" } });
  assert.equal(p.code, "PET_NOT_FOUND");
  assert.deepEqual(p.members, { pet_id: "1" });
});

test("never throws, whatever it is given", () => {
  for (const body of [null, undefined, "\u0000", "{\"__proto__\":{\"x\":1}}", "1e999", '{"type":{"a":1}}', "\ud800"]) {
    for (const headers of [null, {}, { "Retry-After": ["1", "2"] }, new Headers({ "retry-after": "x" })]) {
      assert.doesNotThrow(() => pets.decodePetsProblem(400, headers, body));
    }
  }
});

test("from a fetch Response", async () => {
  const r = pets.petsProblem("RATE_LIMITED", { retry_after: 30, limit: 60 });
  const p = await pets.petsProblemFromResponse(r.toResponse());
  assert.equal(p.code, "RATE_LIMITED");
  assert.deepEqual(p.members, { retry_after: 30, limit: 60 });
  assert.equal(p.retryAfter, 30);
  assert.ok(new pets.PetsError(p) instanceof Error);
});

// ---- differential: the corpus through both decoders ----

const what0 = (status, body) => `${status} ${body}`;

function corpus() {
  const out = [];
  const types = [PNF, "about:blank", "https://errors.petstore.example/rate-limited", "https://x.example/y",
    "https://errors.petstore.example/pet-validation-failed", "https://errors.shop.example/item-out-of-stock"];
  const values = ['"42"', "42", "4.5", "-0", "1e2", "true", "null", '["a"]', '[{"field":"name","message":"m"}]',
    '[{"field":1}]', "{}", '"caf\\u00e9 \\u0001"', "9007199254740991", "1e400", "[]"];
  let k = 0;
  for (const type of types) {
    for (const status of [400, 404, 409, 422, 429, 500, 503, 418]) {
      const v = values[k++ % values.length];
      const w = values[(k * 7) % values.length];
      out.push([status, `{"type":"${type}","status":${status},"pet_id":${v},"retry_after":${w},"limit":${v},"errors":${w},"available":${v},"item_name":${w},"title":${w},"detail":${v},"trace_id":${v},"z":${w}}`]);
      out.push([status, `{"type":"${type}","title":"T","detail":"D","instance":"/i","trace_id":"0af7651916cd43dd8448eb211c80319c"}`]);
    }
  }
  for (const body of ["not json", "[]", "{}", '{"status":"404"}', '{"type":null}', '{"a":"\\ud800"}', "  {}  ", "{} x"])
    for (const status of [404, 503, 599, 200]) out.push([status, body]);
  return out;
}

for (const [catalog, fn] of [[petstore, "decodePetsProblem"], [shop, "decodeShopProblem"]]) {
  test(`the TS and C decoders agree (${catalog.slice(root.length + 1)})`, async () => {
    const mod = catalog === petstore ? pets : await load(catalog);
    let n = 0;
    const file = join(tempDir(), "body");
    for (const [status, body] of corpus()) {
      writeFileSync(file, body);
      for (const retry of [null, "17", "Sun, 06 Nov 1994 08:49:37 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "later"]) {
        const args = ["decode", "--catalog", catalog, "--status", String(status), "--header", "Content-Type: application/problem+json"];
        if (retry !== null) args.push("--header", `Retry-After: ${retry}`);
        const r = spawnSync(errata, [...args, file], { encoding: "utf8" });
        assert.ok([0, 1, 3].includes(r.status), r.stderr);
        if (r.stdout === "") { // not a problem and not an error status: nothing to compare
          assert.ok(status < 400 && r.status !== 0, what0(status, body));
          continue;
        }
        const c = JSON.parse(r.stdout);
        const headers = { "content-type": "application/problem+json", ...(retry !== null ? { "retry-after": retry } : {}) };
        const t = mod[fn](status, headers, body);
        const what = `${status} ${body} (Retry-After ${retry})`;
        assert.equal(t.code, c.code ?? "UNKNOWN", what);
        assert.equal(t.type, c.type, what);
        assert.equal(t.title, c.title, what);
        assert.equal(t.detail, c.detail, what);
        assert.equal(t.instance, c.instance, what);
        assert.equal(t.traceId, c.trace_id, what);
        assert.deepEqual(t.members, c.extensions, what);
        assert.deepEqual(Object.keys(t.unknown), Object.keys(c.unknown), what);
        assert.equal(t.retryable, c.retryable, what);
        assert.equal(t.retryAfter, c.retry_after, what);
        assert.equal(t.problemJson, c.problem_json, what);
        n++;
      }
    }
    assert.ok(n > 400);
  });
}
