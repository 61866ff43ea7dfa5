// errata's OpenAPI and JSON Schema output checked by independent tools:
// @seriousme/openapi-schema-validator (the OpenAPI 3.0/3.1 schemas) and ajv
// (JSON Schema 2020-12, formats by ajv-formats). Prints TAP.
//
//   node check.mjs openapi DOC.json [DOC.yaml...]  valid OpenAPI; every schema
//       compiles; every example validates against its error's schema and its
//       response; broken bodies (a member of the wrong type, a missing
//       required member, a foreign type) are rejected.
//   node check.mjs schema DIR                      every SLUG.schema.json, the
//       problem schema and index.json: the same checks, standalone files.
//   node check.mjs bodies DOC.json CASES           every body a server sent
//       (CASES: lines "METHOD TEMPLATE STATUS FILE"; TEMPLATE "-" when no
//       operation answers) validates against what the document says that
//       operation answers with that status.
//   node check.mjs served INDEX.json PAIRS         each body (PAIRS: lines
//       "BODY SCHEMA") against the schema a server served for its type.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Validator } from "@seriousme/openapi-schema-validator";

let n = 0, failed = 0;
// --every-example: every error must have an example body (catalogs whose
// required members all have examples).
const everyExample = process.argv.includes("--every-example");
const ok = (cond, what, why) => {
    n++;
    if (cond) { console.log(`ok ${n} - ${what}`); return true; }
    failed++;
    console.log(`not ok ${n} - ${what}`);
    if (why) console.log(String(why).split("\n").map((l) => `# ${l}`).join("\n"));
    return false;
};

// strict: unknown keywords and formats are errors, so a typo in what errata
// writes is caught. int64 and double are OpenAPI's formats (the numbers'
// width for client generators).
function newAjv() {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    ajv.addFormat("int64", { type: "number", validate: (x) => Number.isInteger(x) });
    ajv.addFormat("double", { type: "number", validate: () => true });
    // OpenAPI's own keywords, not JSON Schema's: annotations to ajv.
    ajv.addKeyword({ keyword: "discriminator" });
    ajv.addKeyword({ keyword: "example" });
    return ajv;
}

const clone = (x) => JSON.parse(JSON.stringify(x));
const wrong = (v) => (typeof v === "string" ? 12345 : "not the right type");

// Bodies that must be rejected, made from a valid one and its error schema.
function brokenBodies(schema, body) {
    const out = [];
    const standard = new Set(["type", "status", "title", "code", "detail", "instance"]);
    out.push(["a foreign type", { ...clone(body), type: "https://foreign.example/other" }]);
    out.push(["another code", { ...clone(body), code: "NOT_" + body.code }]);
    out.push(["another status", { ...clone(body), status: body.status === 400 ? 401 : 400 }]);
    for (const name of schema.required || []) {
        const b = clone(body);
        delete b[name];
        out.push([`no required '${name}'`, b]);
    }
    for (const name of Object.keys(schema.properties || {})) {
        if (standard.has(name) || !(name in body)) continue;
        out.push([`'${name}' of the wrong type`, { ...clone(body), [name]: wrong(body[name]) }]);
        const items = schema.properties[name].items;
        for (const prop of items?.required || []) {
            if (!Array.isArray(body[name]) || body[name].length === 0) break;
            const b = clone(body);
            delete b[name][0][prop];
            out.push([`'${name}[0]' without its required '${prop}'`, b]);
            const c = clone(body);
            c[name][0][prop] = wrong(c[name][0][prop]);
            out.push([`'${name}[0].${prop}' of the wrong type`, c]);
        }
    }
    return out;
}

function checkError(ajv, label, schemaRef, schema, examples) {
    let validate;
    try {
        validate = ajv.getSchema(schemaRef) || ajv.compile({ $ref: schemaRef });
    } catch (e) {
        return ok(false, `${label}: the schema compiles`, e.message);
    }
    ok(true, `${label}: the schema compiles`);
    if (everyExample) ok(examples.length > 0, `${label}: has an example`);
    for (const body of examples) {
        ok(validate(body), `${label}: its example validates`, JSON.stringify(validate.errors));
        for (const [why, bad] of brokenBodies(schema, body))
            ok(!validate(bad), `${label}: ${why} is rejected`, JSON.stringify(bad));
    }
}

async function checkOpenapi(docs) {
    const validator = new Validator();
    for (const file of docs) {
        const res = await validator.validate(file);
        ok(res.valid, `${file}: valid OpenAPI (${validator.version})`, JSON.stringify(res.errors, null, 1));
    }
    const doc = JSON.parse(readFileSync(docs[0], "utf8"));
    const ajv = newAjv();
    // The components as one schema resource, so their $refs resolve.
    const text = JSON.stringify({ $id: "errata:doc", $defs: doc.components.schemas })
        .replaceAll('"#/components/schemas/', '"errata:doc#/$defs/');
    ajv.addSchema(JSON.parse(text));
    // errata's error schemas: allOf the Problem (a merged spec has others).
    const errors = Object.entries(doc.components.schemas)
        .filter(([, s]) => s.allOf?.[0]?.$ref === "#/components/schemas/Problem");
    ok(errors.length > 0, "the document has error schemas");
    for (const [name, schema] of errors)
        checkError(ajv, name, `errata:doc#/$defs/${name}`, schema,
            schema.examples || (schema.example ? [schema.example] : []));
    checkResponses(ajv, doc);
    return doc;
}

// A response's schema without the discriminator (ajv supports no mapping):
// oneOf must then pick exactly one error by its const type on its own.
function responseValidator(ajv, response) {
    const media = response.content["application/problem+json"];
    const schema = JSON.parse(JSON.stringify({ oneOf: media.schema.oneOf })
        .replaceAll('"#/components/schemas/', '"errata:doc#/$defs/'));
    return ajv.compile(schema);
}

function checkResponses(ajv, doc) {
    for (const [name, response] of Object.entries(doc.components.responses)) {
        const media = response.content["application/problem+json"];
        ok(JSON.stringify(media) === JSON.stringify(response.content["application/json"]),
            `${name}: application/json says what application/problem+json says`);
        const mapping = media.schema.discriminator.mapping;
        ok(Object.keys(mapping).length === media.schema.oneOf.length,
            `${name}: the discriminator maps every type`);
        const validate = responseValidator(ajv, response);
        for (const [code, ex] of Object.entries(media.examples || {})) {
            ok(validate(ex.value), `${name}: example ${code} validates against the response`,
                JSON.stringify(validate.errors));
            ok(mapping[ex.value.type] === `#/components/schemas/${code}`,
                `${name}: the discriminator maps ${code}'s type to its schema`);
            const foreign = { ...ex.value, type: "https://foreign.example/other" };
            ok(!validate(foreign), `${name}: ${code} with a foreign type is rejected`);
        }
    }
}

function checkSchemaDir(dir) {
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    const ajv = newAjv();
    const problem = JSON.parse(readFileSync(join(dir, "problem.schema.json"), "utf8"));
    ok(ajv.validateSchema(problem) && ajv.compile(problem), "problem.schema.json compiles");
    const files = readdirSync(dir).filter((f) => f.endsWith(".schema.json") && f !== "problem.schema.json");
    ok(files.length === index.errors.length, "one schema file per error of index.json",
        `${files.length} files, ${index.errors.length} errors`);
    for (const entry of index.errors) {
        const label = `${entry.code} (${entry.schema})`;
        let schema;
        try {
            schema = JSON.parse(readFileSync(join(dir, entry.schema), "utf8"));
        } catch (e) {
            ok(false, `${label}: its schema file reads`, e.message);
            continue;
        }
        ok(schema.properties.type.const === entry.type && schema.properties.code.const === entry.code &&
            schema.properties.status.const === entry.status,
            `${label}: index.json and the schema agree on type, code and status`);
        if (index.base_uri)
            ok(schema.$id === index.base_uri + entry.schema, `${label}: $id is base_uri + file name`);
        ok(typeof entry.page === "string" && typeof entry.retryable === "boolean" &&
            typeof entry.title === "string", `${label}: index.json gives page, title, retryable`);
        ajv.addSchema(schema, `file:${entry.schema}`);
        checkError(ajv, label, `file:${entry.schema}`, schema, schema.examples || []);
    }
}

// The response a document gives an operation for a status: the
// operation's own, else the component for the status (routing answers).
function responseFor(doc, method, template, status) {
    const deref = (r) => (r && r.$ref ? doc.components.responses[r.$ref.split("/").pop()] : r);
    if (template !== "-") {
        const op = doc.paths?.[template]?.[method.toLowerCase()];
        return op ? deref(op.responses[String(status)]) : undefined;
    }
    return doc.components.responses[`Problem${status}`];
}

function checkBodies(docFile, casesFile) {
    const doc = JSON.parse(readFileSync(docFile, "utf8"));
    const ajv = newAjv();
    const text = JSON.stringify({ $id: "errata:doc", $defs: doc.components.schemas })
        .replaceAll('"#/components/schemas/', '"errata:doc#/$defs/');
    ajv.addSchema(JSON.parse(text));
    const lines = readFileSync(casesFile, "utf8").split("\n").filter((l) => l.trim());
    ok(lines.length > 0, "the server answered some requests");
    for (const line of lines) {
        const [method, template, status, file] = line.split(" ");
        const label = `${method} ${template} ${status}`;
        const response = responseFor(doc, method, template, Number(status));
        if (!ok(response !== undefined, `${label}: the document lists this answer`)) continue;
        let body;
        try {
            body = JSON.parse(readFileSync(file, "utf8"));
        } catch (e) {
            ok(false, `${label}: the body is JSON`, e.message);
            continue;
        }
        const validate = responseValidator(ajv, response);
        ok(validate(body), `${label}: ${body.code} validates against the response`,
            JSON.stringify(validate.errors) + "\n" + JSON.stringify(body));
    }
}

// Each body against the schema a server served for its type (lines "BODY
// SCHEMA"), which index.json must list.
function checkServed(indexFile, pairsFile) {
    const index = JSON.parse(readFileSync(indexFile, "utf8"));
    const lines = readFileSync(pairsFile, "utf8").split("\n").filter((l) => l.trim());
    ok(lines.length > 0, "the server served some schemas");
    const ajv = newAjv();
    for (const line of lines) {
        const [bodyFile, schemaFile] = line.split(" ");
        const body = JSON.parse(readFileSync(bodyFile, "utf8"));
        const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
        const entry = index.errors.find((e) => e.type === body.type);
        ok(entry && schema.$id === index.base_uri + entry.schema,
            `${body.code}: the served schema is index.json's for its type`);
        const validate = ajv.getSchema(schema.$id) || ajv.compile(schema);
        ok(validate(body), `${body.code}: the body validates against the served schema`,
            JSON.stringify(validate.errors));
    }
}

const [mode, ...args] = process.argv.slice(2).filter((a) => a !== "--every-example");
if (mode === "openapi") await checkOpenapi(args);
else if (mode === "schema") checkSchemaDir(args[0]);
else if (mode === "bodies") checkBodies(args[0], args[1]);
else if (mode === "served") checkServed(args[0], args[1]);
else { console.error("usage: check.mjs openapi|schema|bodies ..."); process.exit(2); }
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
