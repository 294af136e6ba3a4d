// Starts yaml-language-server over stdio, points it at schemas/json/tekton.json as committed in
// the two ways the README documents, opens sample documents and checks what it publishes.
// With the `yaml.schemas` setting (every *.yaml file):
// - an unknown step field in a v1 Task is reported on that key's line;
// - a valid v1 Task gets no errors;
// - v1beta1 PipelineResources get the schema's deprecation warning;
// - hovering a field shows its description.
// With no schema setting, through the `# yaml-language-server: $schema=` modeline alone (a path
// relative to the document):
// - the same unknown field is reported on its line;
// - the same document without the modeline gets no error (the modeline is what brings the schema).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const entry = pathToFileURL(join(repo, "schemas/json/tekton.json")).href;
const server = join(here, "node_modules/.bin/yaml-language-server");

const sample = (rel) => {
  const path = join(repo, "schemas/tests/samples", rel);
  return { uri: pathToFileURL(path).href, text: readFileSync(path, "utf8") };
};
const unknownField = sample("invalid/unknown-field.yaml");
const valid = sample("valid/v1-task.yaml");
const removed = {
  uri: pathToFileURL(join(repo, "schemas/tests/samples/virtual/resources.yaml")).href,
  text: [
    "apiVersion: tekton.dev/v1beta1",
    "kind: Task",
    "metadata:",
    "  name: old",
    "spec:",
    "  resources:",
    "    inputs:",
    "      - name: source",
    "        type: git",
    "  steps:",
    "    - image: alpine",
    "",
  ].join("\n"),
};
// Documents as a user's repository would hold them, next to a `schemas/` folder: the modeline's
// relative path is resolved from the document's folder.
const virtual = (name, text) => ({ uri: pathToFileURL(join(repo, "examples", name)).href, text });
const withModeline = virtual(
  "modeline.yaml",
  `# yaml-language-server: $schema=../schemas/json/tekton.json\n${unknownField.text}`,
);
const withoutModeline = virtual("no-modeline.yaml", unknownField.text);

const servers = [];
let failing = null;
function fail(reason) {
  console.error(`yaml-language-server check FAILED: ${reason}`);
  if (failing) console.error(JSON.stringify(Object.fromEntries(failing.diagnostics), null, 1));
  for (const s of servers) s.kill();
  process.exit(1);
}

// yaml-language-server with the given `yaml` settings section, `docs` opened in it, once each
// has diagnostics and the invalid one `invalid` has some (they are republished once a schema has
// loaded).
async function startServer(label, settings, docs, invalid) {
  const child = spawn(server, ["--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  let nextId = 1;
  const pending = new Map();
  const diagnostics = new Map();

  function send(message) {
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  function request(method, params) {
    const id = nextId++;
    send({ id, method, params });
    return new Promise((resolveReply) => pending.set(id, resolveReply));
  }

  let buffer = Buffer.alloc(0);
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.method === "workspace/configuration") {
        // The server pulls its settings section by section; only `yaml` matters here.
        send({ id: message.id, result: message.params.items.map((i) => (i.section === "yaml" ? settings : null)) });
      } else if (message.id !== undefined && message.method) {
        send({ id: message.id, result: null });
      } else if (message.id !== undefined) {
        pending.get(message.id)?.(message);
      } else if (message.method === "textDocument/publishDiagnostics") {
        diagnostics.set(message.params.uri, message.params.diagnostics);
      }
    }
  });

  const yamlls = {
    diagnostics,
    request,
    async stop() {
      await request("shutdown", null);
      send({ method: "exit" });
    },
    kill() {
      child.kill();
    },
  };
  servers.push(yamlls);
  failing = yamlls;
  const deadline = setTimeout(() => fail(`no diagnostics within 60s (${label})`), 60_000);
  await request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(repo).href,
    capabilities: { textDocument: { publishDiagnostics: {} }, workspace: { configuration: true } },
  });
  send({ method: "initialized", params: {} });
  send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: settings } } });
  for (const doc of docs) {
    send({
      method: "textDocument/didOpen",
      params: { textDocument: { uri: doc.uri, languageId: "yaml", version: 1, text: doc.text } },
    });
  }
  while (!docs.every((d) => diagnostics.has(d.uri)) || !diagnostics.get(invalid.uri).length) {
    await new Promise((r) => setTimeout(r, 100));
  }
  clearTimeout(deadline);
  return yamlls;
}

const keyLine = (doc, key) => doc.text.split("\n").findIndex((l) => l.trimStart().startsWith(`${key}:`));
const errorsOf = (yamlls, doc) => yamlls.diagnostics.get(doc.uri).filter((d) => d.severity === 1);

// The error for `imagee` of the unknown-field sample, on that key's line.
function unknownFieldError(yamlls, doc, label) {
  const typo = errorsOf(yamlls, doc).find((d) => d.message.includes("imagee"));
  if (!typo) fail(`no error for the unknown field \`imagee\` (${label})`);
  if (typo.range.start.line !== keyLine(doc, "imagee")) fail(`\`imagee\` error on the wrong line (${label})`);
  return typo;
}

// What a user would put in their editor settings: the entry schema for every YAML file.
const schemasSetting = { validate: true, schemas: { [entry]: ["*.yaml", "*.yml"] }, schemaStore: { enable: false } };
const bySetting = await startServer("yaml.schemas", schemasSetting, [unknownField, valid, removed], unknownField);
const typo = unknownFieldError(bySetting, unknownField, "yaml.schemas");
if (errorsOf(bySetting, valid).length) fail("errors in a valid Task");
const warning = bySetting.diagnostics.get(removed.uri).find((d) => d.message.includes("PipelineResources were removed"));
if (!warning || warning.range.start.line !== keyLine(removed, "resources")) {
  fail("no deprecation warning on v1beta1 `resources`");
}

// Hover over a step's `script:` key shows the model's doc comment.
const scriptLine = keyLine(valid, "script");
const scriptColumn = valid.text.split("\n")[scriptLine].indexOf("script");
const hover = await bySetting.request("textDocument/hover", {
  textDocument: { uri: valid.uri },
  position: { line: scriptLine, character: scriptColumn + 1 },
});
const hoverText = JSON.stringify(hover.result?.contents ?? "");
if (!hoverText.includes("A script run as the container's entrypoint")) fail(`hover on \`script\` shows ${hoverText}`);
await bySetting.stop();

// No schema setting at all: only the modeline points the document at the schema.
const noSchemas = { validate: true, schemaStore: { enable: false } };
const byModeline = await startServer("modeline", noSchemas, [withModeline, withoutModeline], withModeline);
const modelineTypo = unknownFieldError(byModeline, withModeline, "modeline");
if (errorsOf(byModeline, withoutModeline).length) fail("errors without a modeline or a schema setting");
await byModeline.stop();

console.log(
  `yaml-language-server: with yaml.schemas, unknown field reported ("${typo.message}"), valid Task clean, removed field warned, hover shows the step docs; with the $schema modeline alone, unknown field reported ("${modelineTypo.message}"), none without it`,
);
