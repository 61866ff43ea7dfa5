// Shared by the tests of the TypeScript target: where errata, tsc and the
// sources are (from meson's environment), and generating into a temp folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const errata = process.env.ERRATA;
export const root = process.env.SOURCE_ROOT;
export const tsc = join(root, "node_modules", ".bin", "tsc");
export const STRICT = ["--strict", "--noEmit", "--noUncheckedIndexedAccess", "--exactOptionalPropertyTypes",
  "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom"];

export function tempDir() {
  return mkdtempSync(join(tmpdir(), "errata-ts-"));
}

/** Generates CATALOG with --lang ts,js into a new folder; returns it. */
export function generate(catalog, extra = []) {
  const dir = tempDir();
  execFileSync(errata, ["generate", catalog, "--lang", "ts,js", "-o", dir, ...extra], { stdio: "inherit" });
  return dir;
}

/** Imports the generated JavaScript of a catalog (as an ES module). */
export async function load(catalog) {
  const dir = generate(catalog);
  const name = model(catalog).names.prefix;
  copyFileSync(join(dir, `${name}_errors.js`), join(dir, `${name}_errors.mjs`));
  return import(join(dir, `${name}_errors.mjs`));
}

export function model(catalog, extra = []) {
  return JSON.parse(execFileSync(errata, ["model", catalog, ...extra], { encoding: "utf8", maxBuffer: 1 << 28 }));
}
