// Starts yaml-language-server over stdio, points it at schemas/json/tekton.json as committed,
// opens sample documents and checks the diagnostics it publishes:
// - an unknown step field in a v1 Task is reported on that key's line;
// - a valid v1 Task gets no errors;
// - v1beta1 PipelineResources get the schema's deprecation warning;
// - hovering a field shows its description.
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
const docs = [unknownField, valid, removed];

// What a user would put in their editor settings: the entry schema for every YAML file.
const settings = { validate: true, schemas: { [entry]: "*.yaml" }, schemaStore: { enable: false } };

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

function fail(reason) {
  console.error(`yaml-language-server check FAILED: ${reason}`);
  console.error(JSON.stringify(Object.fromEntries(diagnostics), null, 1));
  child.kill();
  process.exit(1);
}

const deadline = setTimeout(() => fail("no diagnostics within 60s"), 60_000);

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

// Diagnostics arrive asynchronously and are republished once the schema is loaded: wait
// until every document has some and the invalid one has its error.
while (!docs.every((d) => diagnostics.has(d.uri)) || !diagnostics.get(unknownField.uri).length) {
  await new Promise((r) => setTimeout(r, 100));
}
clearTimeout(deadline);

const keyLine = (doc, key) => doc.text.split("\n").findIndex((l) => l.trimStart().startsWith(`${key}:`));
const errors = (doc) => diagnostics.get(doc.uri).filter((d) => d.severity === 1);

const typo = errors(unknownField).find((d) => d.message.includes("imagee"));
if (!typo) fail("no error for the unknown field `imagee`");
if (typo.range.start.line !== keyLine(unknownField, "imagee")) fail("`imagee` error on the wrong line");
if (errors(valid).length) fail("errors in a valid Task");
const warning = diagnostics.get(removed.uri).find((d) => d.message.includes("PipelineResources were removed"));
if (!warning || warning.range.start.line !== keyLine(removed, "resources")) {
  fail("no deprecation warning on v1beta1 `resources`");
}

// Hover over a step's `script:` key shows the model's doc comment.
const scriptLine = keyLine(valid, "script");
const scriptColumn = valid.text.split("\n")[scriptLine].indexOf("script");
const hover = await request("textDocument/hover", {
  textDocument: { uri: valid.uri },
  position: { line: scriptLine, character: scriptColumn + 1 },
});
const hoverText = JSON.stringify(hover.result?.contents ?? "");
if (!hoverText.includes("A script run as the container's entrypoint")) fail(`hover on \`script\` shows ${hoverText}`);

console.log(
  `yaml-language-server: unknown field reported ("${typo.message}"), valid Task clean, removed field warned, hover shows the step docs`,
);
await request("shutdown", null);
send({ method: "exit" });
