// tsc --strict (with --noUncheckedIndexedAccess and
// --exactOptionalPropertyTypes) over the TypeScript and the declarations
// errata generates for every shipped and test catalog; the JavaScript parses;
// and a wrong member name or type is a type error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate, model, root, tsc, STRICT } from "./common.mjs";

const catalogs = [
  ...readdirSync(join(root, "catalog")).filter((f) => f.endsWith(".yaml")).map((f) => join(root, "catalog", f)),
  ...readdirSync(join(root, "tests/catalogs/good")).filter((f) => f.endsWith(".yaml"))
    .map((f) => join(root, "tests/catalogs/good", f)),
  join(root, "tests/c/nasty.yaml"),
  join(root, "tests/docs/hostile.yaml"),
  join(root, "tests/ts/names.yaml"),
];

function tscRun(files) {
  return spawnSync(tsc, [...STRICT, ...files], { encoding: "utf8" });
}

test("every catalog's .ts and .d.ts pass tsc --strict, and its .js parses", () => {
  const files = [];
  for (const catalog of catalogs) {
    const include = ["-I", join(root, "tests/catalogs/good/lib")];
    const dir = generate(catalog, include);
    const name = model(catalog, include).names.prefix;
    files.push(join(dir, `${name}_errors.ts`), join(dir, `${name}_errors.d.ts`));
    execFileSync(process.execPath, ["--check", join(dir, `${name}_errors.js`)]);
  }
  assert.ok(files.length >= 2 * 10, `only ${files.length / 2} catalogs`);
  const r = tscRun(files);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

const petstore = join(root, "catalog/petstore.yaml");

function usage(body) {
  const dir = generate(petstore);
  const file = join(dir, "use.ts");
  writeFileSync(file, `import { petsProblem, decodePetsProblem, isPetsProblem } from "./pets_errors";\n${body}\n`);
  return tscRun([file]);
}

test("right members compile, and type guards narrow them", () => {
  const r = usage(`
const r = petsProblem("PET_NOT_FOUND", { pet_id: "42" }, { instance: "/pets/42" });
const s: number = r.status;
const p = decodePetsProblem(s, null, r.body);
if (isPetsProblem(p, "PET_NOT_FOUND")) { const id: string | undefined = p.members.pet_id; void id; }
if (p.code === "RATE_LIMITED") { const n: number | undefined = p.members.retry_after; void n; }
petsProblem("NOT_FOUND");
`);
  assert.equal(r.status, 0, r.stdout);
});

for (const [what, body, message] of [
  ["a wrong member name", `petsProblem("PET_NOT_FOUND", { petId: "42" });`, /petId/],
  ["a wrong member type", `petsProblem("PET_NOT_FOUND", { pet_id: 42 });`, /number.*string|TS2322/],
  ["a missing required member", `petsProblem("PET_NOT_FOUND", {});`, /pet_id/],
  ["members on an entry without any", `petsProblem("NOT_FOUND", { x: 1 });`, /TS2322|never/],
  ["an unknown code", `petsProblem("NO_SUCH_CODE", {});`, /NO_SUCH_CODE/],
  ["a member of another entry after narrowing", `const p = decodePetsProblem(404, null, "");
if (isPetsProblem(p, "PET_NOT_FOUND")) { const x = p.members.auth_error; void x; }`, /auth_error/],
]) {
  test(`${what} is a type error`, () => {
    const r = usage(body);
    assert.notEqual(r.status, 0, "tsc accepted it");
    assert.match(r.stdout, /use\.ts\(\d+,\d+\): error TS\d+/);
    assert.match(r.stdout, message);
  });
}
