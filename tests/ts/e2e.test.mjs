// End to end: a node client (fetch) against the running C petstore-server.
// Every error route is decoded by pets_errors.js, and each answer is the
// very one petsProblem builds from the decoded values: the thrower and the
// decoder agree with liberrata on the wire, not only on test vectors.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load, root } from "./common.mjs";

const server = process.env.PETSTORE_SERVER;
const pets = await load(join(root, "catalog/petstore.yaml"));
const running = [];
after(() => running.forEach((p) => p.kill()));

/** Starts petstore-server on a free port; resolves to its base URL. */
function start(...args) {
  const proc = spawn(server, ["--port", "0", "--base-uri", SERVED, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.push(proc);
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)\//.exec(out);
      if (m) resolve({ url: m[1], stop: () => proc.kill() });
    });
    proc.on("exit", (code) => reject(new Error(`petstore-server exited (${code})`)));
  });
}

// The server sends its types under its own base: both directions rebase.
const SERVED = "https://errors.test/pets/";
const typeBase = { catalog: "https://errors.petstore.example/", served: SERVED };
const WRITER = { Authorization: "Bearer writer-token" };
const READER = { Authorization: "Bearer reader-token" };
const seen = new Set();

/** Fetches, decodes, checks the code, and rebuilds the answer with petsProblem. */
async function expectProblem(url, path, init, status, code) {
  const res = await fetch(url + path, init);
  const body = await res.clone().text();
  const p = await pets.petsProblemFromResponse(res, { typeBase });
  assert.equal(res.status, status, body);
  assert.equal(p.code, code, body);
  assert.equal(p.problemJson, true);
  assert.equal(p.body, "object");
  const options = {
    typeBase,
    ...(p.detail !== null ? { detail: p.detail } : {}),
    ...(p.instance !== null ? { instance: p.instance } : {}),
    ...(p.traceId !== null ? { traceId: p.traceId } : {}),
  };
  const again = pets.petsProblem(code, p.members, options);
  assert.equal(again.body, body, `${code}: the server's body is petsProblem's`);
  for (const [name, value] of Object.entries(again.headers))
    assert.equal(res.headers.get(name), value, `${code}: header ${name}`);
  seen.add(code);
  return p;
}

function json(method, body, headers = WRITER) {
  return { method, headers: { ...headers, "Content-Type": "application/json" }, body };
}

test("every error route of the petstore server decodes", async () => {
  const { url, stop } = await start("--token", "robot:read:pets", "--rate-limit", "1000");
  let p = await expectProblem(url, "/pets/1", { headers: READER }, 404, "PET_NOT_FOUND");
  assert.deepEqual(p.members, { pet_id: "1" });
  assert.equal(pets.describePetsProblem(p), "404 PET_NOT_FOUND: Pet not found: Pet 1 does not exist");
  p = await expectProblem(url, "/pets", { method: "POST", headers: { ...WRITER, "Content-Type": "text/plain" }, body: "Rex" }, 415, "UNSUPPORTED_CONTENT_TYPE");
  assert.deepEqual(p.members.supported, ["application/json"]);
  p = await expectProblem(url, "/pets", json("POST", '{"name": "Rex",}'), 400, "MALFORMED_JSON");
  assert.equal(p.members.offset, 15);
  p = await expectProblem(url, "/pets", json("POST", '{"name":"","species":"unicorn","age":-1}'), 422, "PET_VALIDATION_FAILED");
  assert.equal(p.members.errors?.length, 3);
  await expectProblem(url, "/pets/abc", { headers: READER }, 422, "PET_VALIDATION_FAILED");
  assert.equal((await fetch(url + "/pets", json("POST", '{"id":"7","name":"Tom","species":"cat"}'))).status, 201);
  p = await expectProblem(url, "/pets", json("POST", '{"id":"7","name":"Tim","species":"cat"}'), 409, "PET_ALREADY_EXISTS");
  assert.equal(p.members.pet_id, "7");
  p = await expectProblem(url, "/pets/7", { ...json("PUT", '{"name":"Tom","species":"cat","age":1}'), headers: { ...WRITER, "Content-Type": "application/json", "If-Match": "\"9\"" } }, 412, "VERSION_MISMATCH");
  assert.equal(p.members.current_etag, "\"1\"");
  p = await expectProblem(url, "/pets", {}, 401, "TOKEN_MISSING_OR_INVALID");
  assert.equal(p.members.auth_error, "invalid_request");
  await expectProblem(url, "/pets/1", { method: "DELETE", headers: { Authorization: "Bearer nope" } }, 401, "TOKEN_MISSING_OR_INVALID");
  p = await expectProblem(url, "/pets/1", { method: "DELETE", headers: READER }, 403, "SCOPE_REQUIRED");
  assert.equal(p.members.required_scope, "write:pets");
  await expectProblem(url, "/pets", { method: "DELETE", headers: WRITER }, 405, "METHOD_NOT_ALLOWED");
  p = await expectProblem(url, "/nothing/here", {}, 404, "NOT_FOUND");
  assert.equal(p.type, "about:blank");
  stop();
});

test("rate limits, maintenance and a broken database decode with their retry hints and trace id", async () => {
  let s = await start("--rate-limit", "2");
  let p = null;
  for (let i = 0; i < 6 && p === null; i++) {
    const res = await fetch(s.url + "/pets", { headers: READER });
    if (res.status === 429) p = await pets.petsProblemFromResponse(res, { typeBase });
  }
  assert.ok(p !== null && pets.isPetsProblem(p, "RATE_LIMITED"));
  assert.equal(p.retryable, true);
  assert.equal(p.retryAfter, p.members.retry_after);
  seen.add(p.code);
  s.stop();

  s = await start("--maintenance");
  p = await expectProblem(s.url, "/pets", { headers: READER }, 503, "STORE_UNAVAILABLE");
  assert.equal(p.retryAfter, 300);
  s.stop();

  { // sqlite3 (scripts/deps.sh) breaks the database under the server
    const dir = mkdtempSync(join(tmpdir(), "errata-ts-e2e-"));
    const db = join(dir, "pets.db");
    s = await start("--db", db);
    assert.equal((await fetch(s.url + "/pets", json("POST", '{"name":"A","species":"cat"}'))).status, 201);
    assert.equal(spawnSync("sqlite3", [db, "DROP TABLE pets"]).status, 0);
    p = await expectProblem(s.url, "/pets/1", { headers: READER }, 500, "INTERNAL_ERROR");
    assert.match(p.traceId ?? "", /^[0-9a-f]{32}$/);
    assert.match(p.detail ?? "", /Quote the trace id/);
    s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("petsRetryDelay waits a maintenance out (503 with the seconds left) and never retries a 404", async () => {
  const s = await start("--maintenance-for", "3");
  let policy = { ...pets.petsRetryPolicyDefault };
  const waits = [];
  let res;
  for (let attempt = 0; ; attempt++) {
    res = await fetch(s.url + "/pets", { headers: READER });
    if (res.ok) break;
    const p = await pets.petsProblemFromResponse(res, { typeBase });
    assert.equal(p.code, "STORE_UNAVAILABLE");
    const wait = pets.petsRetryDelay(p, attempt, policy);
    assert.notEqual(wait, null, "the maintenance's Retry-After is within the default policy");
    assert.equal(wait, p.retryAfter * 1000); // the Retry-After, exactly
    waits.push(wait);
    await new Promise((resolve) => setTimeout(resolve, wait));
    policy = { ...policy, spentMs: policy.spentMs + wait };
  }
  assert.equal(res.status, 200);
  assert.ok(waits.length >= 1 && waits[0] >= 1000 && waits[0] <= 3000, String(waits));
  const p = await pets.petsProblemFromResponse(await fetch(s.url + "/pets/99", { headers: READER }), { typeBase });
  assert.equal(p.code, "PET_NOT_FOUND");
  assert.equal(pets.petsRetryDelay(p, 0, policy), null);
  s.stop();
});

test("every error of petstore.yaml's own was met, but the full disk's (tests/petstore's C e2e makes that one)", () => {
  const own = ["MALFORMED_JSON", "TOKEN_MISSING_OR_INVALID", "SCOPE_REQUIRED", "PET_NOT_FOUND", "PET_ALREADY_EXISTS",
    "VERSION_MISMATCH", "UNSUPPORTED_CONTENT_TYPE", "PET_VALIDATION_FAILED", "RATE_LIMITED", "STORE_UNAVAILABLE",
    "INTERNAL_ERROR"];
  assert.deepEqual(own.filter((c) => !seen.has(c)), []);
});
