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
  // NAME.LOCALE.yaml beside a catalog is a translation, not a catalog.
  ...readdirSync(join(root, "catalog")).filter((f) => f.endsWith(".yaml") && f.split(".").length === 2)
    .map((f) => join(root, "catalog", f)),
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

// Every usage below in its own file, all checked by one tsc run (tsc is slow
// to start): the right one must have no error, each wrong one its own.
const GOOD = `
const r = petsProblem("PET_NOT_FOUND", { pet_id: "42" }, { instance: "/pets/42" });
const s: number = r.status;
const p = decodePetsProblem(s, null, r.body);
if (isPetsProblem(p, "PET_NOT_FOUND")) { const id: string | undefined = p.members.pet_id; void id; }
if (p.code === "RATE_LIMITED") { const n: number | undefined = p.members.retry_after; void n; }
petsProblem("NOT_FOUND");
`;
const WRONG = [
  ["a wrong member name", `petsProblem("PET_NOT_FOUND", { petId: "42" });`, /petId/],
  ["a wrong member type", `petsProblem("PET_NOT_FOUND", { pet_id: 42 });`, /'number' is not assignable to type 'string'/],
  ["a missing required member", `petsProblem("PET_NOT_FOUND", {});`, /pet_id/],
  ["members on an entry without any", `petsProblem("NOT_FOUND", { x: 1 });`, /not assignable to type 'never'/],
  ["an unknown code", `petsProblem("NO_SUCH_CODE", {});`, /NO_SUCH_CODE/],
  ["a member of another entry after narrowing", `const p = decodePetsProblem(404, null, "");
if (isPetsProblem(p, "PET_NOT_FOUND")) { const x = p.members.auth_error; void x; }`, /auth_error/],
];

const usage = (() => {
  const dir = generate(petstore);
  const files = [GOOD, ...WRONG.map((w) => w[1])].map((body, i) => {
    const file = join(dir, `use${i}.ts`);
    writeFileSync(file, `import { petsProblem, decodePetsProblem, isPetsProblem } from "./pets_errors";\n${body}\n`);
    return file;
  });
  // one diagnostic per entry: its first line names the file, the rest are indented
  const diagnostics = tscRun(files).stdout.split(/\n(?=\S)/);
  return (i) => diagnostics.filter((d) => new RegExp(`(^|/)use${i}\\.ts\\(`).test(d)).join("\n");
})();

test("right members compile, and type guards narrow them", () => {
  assert.equal(usage(0), "");
});

WRONG.forEach(([what, , message], i) => {
  test(`${what} is a type error`, () => {
    const errors = usage(i + 1);
    assert.match(errors, /use\d+\.ts\(\d+,\d+\): error TS\d+/, "tsc accepted it");
    assert.match(errors, message);
  });
});
