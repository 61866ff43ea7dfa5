// The TypeScript thrower against liberrata, byte for byte: for every entry
// of several catalogs, with its members' examples and with adversarial
// strings (non-ASCII, control bytes, quotes, backslashes, lone surrogates,
// U+0000, strings past max_length and past the 4 KiB arena), the body and
// headers of NAME_errors.js equal what ts-throw-ref gets from errata_throw,
// errata_problem_json and errata_problem_headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { load, model, root } from "./common.mjs";

const ref = process.env.THROW_REF;
const encoder = new TextEncoder();
// What the C side is given for a JavaScript string: its UTF-8 (lone
// surrogates become U+FFFD, as TextEncoder and every HTTP body make them).
const hex = (s) => (s === "" ? "-" : Buffer.from(encoder.encode(s)).toString("hex"));

const ADVERSARIAL = [
  "plain", "", "caf\u00e9 \u2603 \u{1F600}", "quote \" back \\ slash", "ctl \u0001\u001f\u007f\t\r\n",
  "lone \ud800 high", "lone \udc00 low", "pair \ud83d\ude00", "nul \u0000 after", "</script>",
  "\u2028\u2029", "x".repeat(40), "\u00e9".repeat(1500), "\u{1F600}".repeat(1100), "y".repeat(5000),
];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 0.30000000000000004, 2 ** 53, NaN, Infinity, 1e100, -2.5e-5];
const INTEGERS = [0, 1, -1, 42, 2 ** 53 - 1, -(2 ** 53) + 1, 100000];

function scalarLine(kind, v) {
  if (v === undefined) return null;
  if (kind === "string") return typeof v === "string" ? `s ${hex(v)}` : "z";
  if (kind === "integer") return `i ${v}`;
  if (kind === "number") return `n ${Object.is(v, -0) ? "-0" : String(v)}`;
  return `b ${v ? 1 : 0}`;
}

function caseLines(code, members, specs, options) {
  const lines = [`case ${code}`];
  if (options.detail !== undefined) lines.push(`detail ${hex(options.detail)}`);
  if (options.instance !== undefined) lines.push(`instance ${hex(options.instance)}`);
  if (options.traceId !== undefined) lines.push(`trace ${hex(options.traceId)}`);
  if (options.typeBase !== undefined) lines.push(`base ${hex(options.typeBase.catalog)} ${hex(options.typeBase.served)}`);
  specs.forEach((m, i) => {
    const v = members[m.name];
    if (v === undefined) return;
    if (m.type !== "array") {
      lines.push(`m ${i} ${scalarLine(m.type, v)}`);
      return;
    }
    lines.push(`m ${i} a`);
    for (const item of v) {
      if (m.items.type !== "object") {
        lines.push(`e ${scalarLine(m.items.type, item)}`);
        continue;
      }
      lines.push("o");
      for (const p of m.items.properties) {
        const line = scalarLine(p.type, item[p.name]);
        if (line !== null) lines.push(`p ${p.name} ${line}`);
      }
    }
  });
  lines.push("go");
  return lines;
}

/** A value of the member's type made of one adversarial string or number. */
function adversarial(m, k) {
  const s = ADVERSARIAL[k % ADVERSARIAL.length];
  const pick = (type, j) => type === "string" ? ADVERSARIAL[(k + j) % ADVERSARIAL.length]
    : type === "integer" ? INTEGERS[(k + j) % INTEGERS.length]
    : type === "number" ? NUMBERS[(k + j) % NUMBERS.length] : (k + j) % 2 === 0;
  if (m.type !== "array") return m.type === "string" ? s : pick(m.type, 0);
  const count = [0, 1, 3, 70, 300][k % 5];
  return Array.from({ length: count }, (_, j) => m.items.type !== "object" ? pick(m.items.type, j)
    : Object.fromEntries(m.items.properties.map((p, q) => [p.name, pick(p.type, j + q)])));
}

function cases(m) {
  const out = [];
  for (const e of m.errors) {
    const examples = Object.fromEntries(e.members.filter((x) => x.example !== null).map((x) => [x.name, x.example]));
    out.push([e.code, examples, {}]);
    out.push([e.code, examples, { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", instance: "/x/1" }]);
    out.push([e.code, {}, { traceId: "bad id\u00e9", detail: "given detail" }]);
    out.push([e.code, examples, { typeBase: { catalog: e.type_uri.slice(0, 12), served: "https://elsewhere.example/\u00e9/" } }]);
    for (let k = 0; k < ADVERSARIAL.length; k++) {
      const members = Object.fromEntries(e.members.map((x) => [x.name, adversarial(x, k)]));
      out.push([e.code, members, k % 3 === 0 ? {} : { detail: ADVERSARIAL[(k + 1) % ADVERSARIAL.length], instance: ADVERSARIAL[(k + 2) % ADVERSARIAL.length], traceId: ADVERSARIAL[k] }]);
    }
  }
  return out;
}

for (const catalog of ["catalog/petstore.yaml", "tests/catalogs/good/migration.yaml", "tests/catalogs/good/full.yaml", "tests/catalogs/good/hyphen-members.yaml", "catalog/ratelimit.yaml", "tests/c/nasty.yaml", "tests/docs/hostile.yaml", "tests/ts/names.yaml"]) {
  test(`${catalog}: bodies and headers equal liberrata's`, async () => {
    const path = join(root, catalog);
    const m = model(path);
    const mod = await load(path);
    const thrower = mod[`${m.names.ts_fn}Problem`];
    const all = cases(m);
    const input = all.map(([code, members, options]) =>
      caseLines(code, members, m.errors.find((e) => e.code === code).members, options).join("\n")).join("\n") + "\n";
    const expected = execFileSync(ref, [path], { input, encoding: "latin1", maxBuffer: 1 << 28 }).split("\n.\n");
    assert.equal(expected.length, all.length + 1);
    all.forEach(([code, members, options], i) => {
      const r = thrower(code, members, options);
      // latin1 both sides: the reference's bytes and the byte-string headers as they are
      const got = Object.entries(r.headers).map(([n, v]) => `H ${n}: ${v}`).join("\n") +
        `\nB ${Buffer.from(r.body, "utf8").toString("latin1")}`;
      assert.equal(got, expected[i], `${code} case ${i}`);
      assert.equal(r.status, m.errors.find((e) => e.code === code).status);
    });
  });
}
