// The TypeScript decoder: errata_decode's rules (the cases of
// tests/decode/test_decode.c) and, over a corpus of bodies, the same answer
// as the C decoder through `errata decode` (code, members, title, detail,
// instance, trace id, unknown member names, retryable, retry-after).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errata, load, root, tempDir } from "./common.mjs";

const petstore = join(root, "catalog/petstore.yaml");
const shop = join(root, "tests/catalogs/good/full.yaml");
const quota = join(root, "tests/catalogs/good/hyphen-members.yaml"); // members with '-'
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

test("the HTTP status wins; the body's status only when an integer from 100 to 599", () => {
  let p = pets.decodePetsProblem(404, null, `{"type":"${PNF}","status":409,"pet_id":"1"}`);
  assert.equal(p.code, "PET_NOT_FOUND");
  assert.equal(p.status, 404);
  assert.equal(p.bodyStatus, 409);
  p = pets.decodePetsProblem(404, null, '{"type":"about:blank","status":409}');
  assert.equal(p.code, "NOT_FOUND");
  for (const bad of ['{"status":99}', '{"status":600}', '{"status":404.5}', '{"status":-404}', '{"status":1e400}', '{"status":true}']) {
    p = pets.decodePetsProblem(404, null, bad);
    assert.equal(p.body, "object", bad);
    assert.equal(p.bodyStatus, null, bad);
    assert.equal(p.code, "NOT_FOUND", bad);
  }
  assert.equal(pets.decodePetsProblem(404, null, '{"status":404.0}').bodyStatus, 404);
});

test("names holding U+0000 are other names", () => {
  let p = pets.decodePetsProblem(404, null, `{"type":"${PNF}","pet_id":"1","pet_id\\u0000":"evil"}`);
  assert.deepEqual(p.members, { pet_id: "1" });
  p = pets.decodePetsProblem(404, null, `{"type":"${PNF}","type\\u0000x":"https://x.example/evil"}`);
  assert.equal(p.code, "PET_NOT_FOUND");
  assert.equal(pets.decodePetsProblem(404, null, '{"title":"T","title\\u0000":"evil"}').title, "T");
});

test("integers: exactly the whole numbers of int64, however spelt", () => {
  const MJ = '"type":"https://errors.petstore.example/malformed-json"';
  for (const n of ["1e400", "9223372036854775808", "-9223372036854775809", "1e19", "123456789012345678901234567890", "1e-400", "1.5", "1.0000000000000001"]) {
    const p = pets.decodePetsProblem(400, null, `{${MJ},"offset":${n}}`);
    assert.equal(p.code, "MALFORMED_JSON");
    assert.equal(p.members.offset, undefined, n);
  }
  for (const [n, v] of [["0.5e1", 5], ["-0", 0], ["1E2", 100], ["100.000", 100], ["9007199254740991", 9007199254740991]]) {
    const p = pets.decodePetsProblem(400, null, `{${MJ},"offset":${n}}`);
    assert.ok(Object.is(p.members.offset, v), n);
  }
});

test("an array with one item of the wrong type is absent; a wrong property inside an item is", () => {
  const PVF = '"type":"https://errors.petstore.example/pet-validation-failed"';
  let p = pets.decodePetsProblem(422, null, `{${PVF},"errors":[{"pointer":"/a","detail":"x"},"oops"],"instance":"/after"}`);
  assert.equal(p.code, "PET_VALIDATION_FAILED");
  assert.equal(p.members.errors, undefined);
  assert.equal(p.instance, "/after");
  for (const v of ['[[{"pointer":"/a"}]]', '[{"pointer":"/a"},null]', '{"pointer":"/a"}'])
    assert.equal(pets.decodePetsProblem(422, null, `{${PVF},"errors":${v}}`).members.errors, undefined, v);
  p = pets.decodePetsProblem(422, null, `{${PVF},"errors":[{"pointer":5,"detail":"d","extra":[1,{}]}]}`);
  assert.deepEqual(p.members.errors, [{ detail: "d" }]);
});

test("nesting: 64 levels are JSON, 65 are not", () => {
  const at = (n) => `{"type":"${PNF}","pet_id":"1","deep":${"[".repeat(n)}${"]".repeat(n)}}`;
  assert.deepEqual(pets.decodePetsProblem(404, null, at(63)).members, { pet_id: "1" });
  const p = pets.decodePetsProblem(404, null, at(64));
  assert.equal(p.body, "invalid");
  assert.equal(p.code, "NOT_FOUND");
  assert.deepEqual(p.members, {});
  assert.equal(pets.decodePetsProblem(503, null, '{"a":'.repeat(100) + "1" + "}".repeat(100)).body, "invalid");
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
    "https://errors.petstore.example/pet-validation-failed", "https://errors.shop.example/item-out-of-stock",
    "https://errors.example.com/quota-spent", "https://errors.example.com/plan-required"];
  const values = ['"42"', "42", "4.5", "-0", "1e2", "true", "null", '["a"]', '[{"field":"name","message":"m"}]',
    '[{"field":1}]', "{}", '"caf\\u00e9 \\u0001"', "9007199254740991", "1e400", "[]", "1e-400",
    "1.0000000000000001", "-9223372036854775809", "100.0e-2", '"\\ud83d\\ude00"', "[1,2.5]", '[{"pointer":"/x","detail":7}]', '[{"call-path":"/x","call-count":2}]'];
  let k = 0;
  for (const type of types) {
    for (const status of [400, 404, 409, 422, 429, 500, 503, 418]) {
      const v = values[k++ % values.length];
      const w = values[(k * 7) % values.length];
      out.push([status, `{"type":"${type}","status":${status},"pet_id":${v},"retry_after":${w},"limit":${v},"errors":${w},"available":${v},"item_name":${w},"title":${w},"detail":${v},"trace_id":${v},"z":${w},"retry-after":${v},"quota-name":${w},"quota_name":${v},"violated-policies":${w},"offending-calls":${v},"plan-id":${w}}`]);
      out.push([status, `{"type":"${type}","title":"T","detail":"D","instance":"/i","trace_id":"0af7651916cd43dd8448eb211c80319c"}`]);
    }
  }
  for (const body of ["not json", "[]", "{}", '{"status":"404"}', '{"type":null}', '{"a":"\\ud800"}', "  {}  ", "{} x"])
    for (const status of [404, 503, 599, 200]) out.push([status, body]);
  return out;
}

for (const [catalog, fn] of [[petstore, "decodePetsProblem"], [shop, "decodeShopProblem"], [quota, "decodeQuotaProblem"]]) {
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

// JSONTestSuite (../shared/conformance, as tests/decode uses it): the TS
// parser says JSON, an object or not, exactly where liberrata does. A file
// that is not UTF-8 cannot reach the TS decoder as such (fetch and Node
// decode a body with U+FFFD replacements first), so there only the C verdict
// is checked: invalid.
test("JSONTestSuite: the same verdict as errata decode, file by file", () => {
  const suite = join(root, "..", "shared", "conformance", "JSONTestSuite", "test_parsing");
  const files = readdirSync(suite).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length >= 318, `${files.length} cases in ${suite}`);
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const differ = [];
  for (const f of files) {
    const bytes = readFileSync(join(suite, f));
    const r = spawnSync(errata, ["decode", "--catalog", petstore, "--status", "400", join(suite, f)], { encoding: "utf8", timeout: 10000 });
    const c = r.status === 0 ? "object" : r.status === 3 ? "not-object" : r.status === 1 ? (bytes.length ? "invalid" : "empty") : `exit ${r.status}`;
    let text = null;
    try {
      text = utf8.decode(bytes);
    } catch {
      if (c !== "invalid") differ.push(`${f}: not UTF-8, yet C says ${c}`);
      continue;
    }
    const t = pets.decodePetsProblem(400, null, text).body;
    if (t !== c) differ.push(`${f}: TS ${t}, C ${c}`);
  }
  assert.deepEqual(differ, []);
});

// RateLimit-Policy and RateLimit (docs/ratelimit.md): the rules of
// errata_parse_ratelimit (tests/runtime/test_ratelimit.c) over the strict
// RFC 9651 List parser, with RFC 9651's own examples and malformed fields.
test("RateLimit fields are read into typed policies, joined by name", () => {
  const rl = (policy, limit) => pets.decodePetsProblem(429,
    { ...(policy !== null ? { "RateLimit-Policy": policy } : {}), ...(limit !== null ? { ratelimit: limit } : {}) }, "{}").ratelimit;
  assert.deepEqual(rl('"default";q=100;w=60', '"default";r=0;t=30'),
    [{ name: "default", quota: 100, window: 60, unit: null, remaining: 0, reset: 30, partitionKey: null }]);
  const all = rl('"a";q=10;qu="bytes";zz=?1, "b";q=5;w=-1;qu="content-bytes", "c \\"d\\"";q=1;pk=:YWJj:', '"b";r=3;t=7, "e";r=1');
  assert.deepEqual(all.map((p) => [p.name, p.quota, p.window, p.unit, p.remaining, p.reset]), [
    ["a", 10, null, "other", null, null],
    ["b", 5, null, "content-bytes", 3, 7],
    ['c "d"', 1, null, null, null, null],
    ["e", null, null, null, 1, null],
  ]);
  assert.deepEqual([...all[2].partitionKey], [0x61, 0x62, 0x63]);
  // Items that are no policy are skipped; a malformed field is ignored whole.
  assert.deepEqual(rl('default;q=1, "x";w=2, "y";q=1.5, "";q=1, "ok";q=1', null).map((p) => p.name), ["ok"]);
  assert.deepEqual(rl('"a";q=1,', '"b";r=2').map((p) => p.name), ["b"]);
  assert.deepEqual(rl(null, null), []);
  assert.equal(rl('"1";q=1, "2";q=1, "3";q=1, "4";q=1, "5";q=1', null).length, 4);
  // RFC 9651's examples are Lists (read, though no policy), its malformed inputs are not.
  const valid = ["sugar, tea, rum", 'abc;a=1;b=2; cde_456, (ghi;jk=4 l);q="9";r=w',
    '("foo" "bar"), ("baz"), ("bat" "one"), ()', '("foo"; a=1;b=2);lvl=5, ("bar" "baz");lvl=1',
    '42, -42, 999999999999999, 4.5, -0.001, "hello world", foo123/456, ?1, ?0, @1659578233',
    ":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:", '%"This is intended for display to %c3%bcsers."', "  a ,\tb  ", ""];
  const bad = ["a,", "a,,b", ",a", "a b", "1234567890123456", "1234567890123.4", "1.2345", "1.", "-",
    '"unterminated', '"bad \\x escape"', '"caf\u00e9"', "?2", "@1.5", ":a*b=:", ":abcde:", '%"%C3%BC"',
    '%"%c3"', "a;A=1", "a;x=", "a;x=(1)", "(a b", "(a,b)", "#a"];
  for (const f of valid) assert.deepEqual(rl(`"p";q=1, ${f === "" ? '"p2";q=2' : f}`, null).length > 0, true, f);
  for (const f of bad) assert.deepEqual(rl(`"p";q=1, ${f}`, null), [], f);
});

// Clients moving first (docs/migration.md): legacy 2xx bodies read with the
// catalog's shape, each body also through `errata decode --legacy` (the C
// decoder), which must agree.
const legacyDir = tempDir();
test("legacy 2xx bodies: the catalog's problem, flagged; the same as the C decoder", () => {
  const bodies = [
    ['{"success":false,"error":{"code":"PET_NOT_FOUND","message":"Pet 7 does not exist"}}', "PET_NOT_FOUND", 404],
    ['{"error":{"code":"RATE_LIMITED"},"success":false}', "RATE_LIMITED", 429],
    ['{"success":false,"error":{"code":"E_UNKNOWN","message":"boom"}}', "UNKNOWN", 500],
    ['{"success":false,"error":{"code":42,"message":[]}}', "UNKNOWN", 500],
    ['{"success":false,"error":{"code":"PET_NOT_FOUND","code":5}}', "UNKNOWN", 500],
    ['{"success":false,"error":{"code":"PET_NOT_FOUND"},"error":5}', "UNKNOWN", 500],
    ['{"success":true,"success":false,"error":{"code":"PET_NOT_FOUND"}}', "PET_NOT_FOUND", 404],
  ];
  for (const [body, code, status] of bodies) {
    const p = pets.decodePetsProblem(200, { "Retry-After": "30" }, body, { legacy: pets.petsMigration, now: 0 });
    assert.equal(p.legacy, true, body);
    assert.equal(p.code, code, body);
    assert.equal(p.status, status, body);
    assert.equal(p.bodyStatus, 200, body);
    const file = join(legacyDir, "body.json");
    writeFileSync(file, body);
    const c = spawnSync(errata, ["decode", "--catalog", petstore, "--status", "200", "--legacy",
      "--header", "Retry-After: 30", file], { encoding: "utf8" });
    assert.equal(c.status, 0, c.stderr);
    const r = JSON.parse(c.stdout);
    assert.equal(r.code ?? "UNKNOWN", p.code, body);
    assert.equal(r.status, p.status, body);
    assert.equal(r.title, p.title, body);
    assert.equal(r.detail, p.detail, body);
    assert.equal(r.type, p.type, body);
    assert.equal(r.retryable, p.retryable, body);
    assert.equal(r.legacy, true, body);
    assert.equal(r.legacy_code, p.legacyCode, body);
  }
});

test("not legacy: success true, another flag, no option, a non-2xx status", () => {
  const body = '{"success":false,"error":{"code":"PET_NOT_FOUND"}}';
  for (const [status, text, options] of [
    [200, '{"success":true,"data":1}', { legacy: pets.petsMigration }],
    [200, '{"success":"false","error":{"code":"PET_NOT_FOUND"}}', { legacy: pets.petsMigration }],
    [200, body, {}],
    [404, body, { legacy: pets.petsMigration }],
  ]) {
    const p = pets.decodePetsProblem(status, null, text, options);
    assert.equal(p.legacy, undefined, text);
    assert.equal(p.status, status, text);
  }
});
