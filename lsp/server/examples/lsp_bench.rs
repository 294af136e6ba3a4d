//! Latency benchmark of the language server, with yaml-language-server beside it on the same
//! file with the same client (`tests/bench/lsp.sh` builds and runs it; figures go in
//! tests/bench/README.md).
//!
//! ```text
//! lsp_bench --server PATH --catalog DIR [--yamlls PATH --schema FILE] [--iterations N]
//! ```
//!
//! On a generated 2,000-line pipeline: didChange → publishDiagnostics latency, completion and
//! hover response times (p50, p95), the server's resident memory. On the catalog as the
//! workspace folder: the time from `initialized` to the end of indexing, and resident memory.
//! Completion and hover are measured on each server that announces them.

#[path = "../tests/lsp/client.rs"]
#[allow(
    dead_code,
    reason = "shared with the in-process tests; each uses part of it"
)]
mod client;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use client::Client;

/// Pipeline tasks in the generated file: 23 lines each, about 2,000 lines in all.
const TASKS: usize = 86;

struct Options {
    server: PathBuf,
    catalog: PathBuf,
    yamlls: Option<(PathBuf, PathBuf)>,
    iterations: usize,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut server, mut catalog, mut yamlls, mut schema, mut iterations) =
        (None, None, None, None, 200);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => server = Some(PathBuf::from(value()?)),
            "--catalog" => catalog = Some(PathBuf::from(value()?)),
            "--yamlls" => yamlls = Some(PathBuf::from(value()?)),
            "--schema" => schema = Some(PathBuf::from(value()?)),
            "--iterations" => {
                iterations = value()?
                    .parse()
                    .map_err(|_| "--iterations takes a number".to_owned())?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Options {
        server: server.ok_or("--server PATH is required")?,
        catalog: catalog.ok_or("--catalog DIR is required")?,
        yamlls: match (yamlls, schema) {
            (Some(yamlls), Some(schema)) => Some((yamlls, schema)),
            (None, None) => None,
            _ => return Err("--yamlls and --schema go together".to_owned()),
        },
        iterations,
    })
}

/// A Pipeline of `TASKS` tasks, each with params, results, a workspace, `runAfter` and an
/// inline taskSpec whose script uses `$(...)` references: what a large real pipeline holds.
fn generated_pipeline() -> String {
    let mut text = String::from(
        "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: generated\nspec:\n  params:\n    - name: greeting\n      default: hello\n  workspaces:\n    - name: shared\n  tasks:\n",
    );
    for task in 0..TASKS {
        let after = match task {
            0 => String::new(),
            _ => format!("      runAfter: [task-{}]\n", task - 1),
        };
        let previous = match task {
            0 => "none".to_owned(),
            _ => format!("$(tasks.task-{}.results.out)", task - 1),
        };
        text.push_str(&format!(
            "    - name: task-{task}
{after}      params:
        - name: message
          value: \"$(params.greeting) {task}\"
        - name: previous
          value: \"{previous}\"
      workspaces:
        - name: source
          workspace: shared
      taskSpec:
        params:
          - name: message
          - name: previous
        results:
          - name: out
        workspaces:
          - name: source
        steps:
          - name: run
            image: alpine:3.20
            script: |
              echo \"$(params.message) $(params.previous)\" > $(results.out.path)
"
        ));
    }
    text
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The resident memory of a process, in MiB.
fn resident_mib(pid: Option<u32>) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

fn percentile(samples: &mut [Duration], fraction: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * fraction).round() as usize;
    samples.get(index).copied().unwrap_or_default()
}

#[derive(Default)]
struct Figures {
    diagnostics: Vec<Duration>,
    completion: Vec<Duration>,
    hover: Vec<Duration>,
    /// Completion and hover requests answered with nothing: their times would flatter.
    empty_answers: usize,
    resident: Option<f64>,
}

fn is_empty(answer: &Value) -> bool {
    answer.is_null()
        || answer.as_array().is_some_and(Vec::is_empty)
        || answer["items"].as_array().is_some_and(Vec::is_empty)
}

/// Initialises a server on `folder` and returns it with its announced capabilities.
async fn start(
    command: tokio::process::Command,
    folder: &Path,
    settings: Value,
) -> (Client, Value) {
    let mut client = Client::spawn(command, settings.clone()).expect("start the server");
    let capabilities = client
        .request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri(folder),
                "workspaceFolders": [{"uri": uri(folder), "name": "bench"}],
                "capabilities": {
                    "window": {"workDoneProgress": true},
                    "workspace": {"configuration": true, "workspaceFolders": true},
                    "textDocument": {
                        "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                        "completion": {"completionItem": {"snippetSupport": true}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]}
                    }
                }
            }),
        )
        .await["capabilities"]
        .clone();
    client.notify("initialized", json!({}));
    if !settings.is_null() {
        // yaml-language-server takes its settings pushed, as editors send them.
        client.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": settings}),
        );
    }
    (client, capabilities)
}

/// Opens the generated pipeline and measures one server on it.
async fn measure_file(
    command: tokio::process::Command,
    settings: Value,
    iterations: usize,
) -> Figures {
    // Not a hidden folder (tempfile's default `.tmp…`): yaml-language-server's `*.yaml` glob
    // skips paths with hidden folders, and would then apply no schema at all.
    let folder = tempfile::Builder::new()
        .prefix("lsp-bench-")
        .tempdir()
        .expect("a workspace folder");
    let path = folder.path().join("pipeline.yaml");
    let text = generated_pipeline();
    std::fs::write(&path, &text).expect("write the pipeline");
    let (mut client, capabilities) = start(command, folder.path(), settings).await;
    let document = uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": document, "languageId": "yaml", "version": 1, "text": text}}),
    );
    client
        .notification("textDocument/publishDiagnostics", |p| p["uri"] == document)
        .await;

    // Completion of a key in task 40's taskSpec step (on `image:`), and hover on its
    // `runAfter`.
    let message_line = text
        .lines()
        .position(|line| line.contains("$(params.greeting) 40\""))
        .expect("task 40's message");
    let step_line = text
        .lines()
        .enumerate()
        .skip(message_line)
        .find(|(_, l)| l.trim_start().starts_with("image:"))
        .map_or(0, |(number, _)| number);
    let position = |line: usize, character: usize| json!({"textDocument": {"uri": document}, "position": {"line": line, "character": character}});
    let run_after = text
        .lines()
        .enumerate()
        .skip(message_line.saturating_sub(5))
        .find(|(_, l)| l.trim_start().starts_with("runAfter"))
        .map_or(0, |(number, _)| number);
    // A server may validate before its schema is loaded: hover answers once it is (bounded
    // wait), so every figure below is taken with the schema in use.
    if capabilities.get("hoverProvider").is_some() {
        for _ in 0..300 {
            let answer = client
                .request("textDocument/hover", position(run_after, 8))
                .await;
            if !is_empty(&answer) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        client.drain();
    }

    // Edits the digit of task 40's message back and forth: the file stays valid, and every
    // edit changes its text.
    let line = message_line;
    let column = text
        .lines()
        .nth(line)
        .map_or(0, |l| l.find("40").unwrap_or(0) + 1);
    let mut diagnostics = Vec::with_capacity(iterations);
    for iteration in 0..iterations {
        let version = iteration as i64 + 2;
        let digit = if iteration % 2 == 0 { "1" } else { "0" };
        let sent = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": document, "version": version},
                   "contentChanges": [{"range": {"start": {"line": line, "character": column},
                                                 "end": {"line": line, "character": column + 1}},
                                       "text": digit}]}),
        );
        client
            .notification("textDocument/publishDiagnostics", |p| {
                p["uri"] == document && (p["version"].is_null() || p["version"] == version)
            })
            .await;
        diagnostics.push(sent.elapsed());
        client.drain();
    }

    let mut completion = Vec::new();
    let mut hover = Vec::new();
    let mut empty_answers = 0;
    for _ in 0..iterations {
        if capabilities.get("completionProvider").is_some() {
            let sent = Instant::now();
            let answer = client
                .request("textDocument/completion", position(step_line, 12))
                .await;
            completion.push(sent.elapsed());
            empty_answers += usize::from(is_empty(&answer));
        }
        if capabilities.get("hoverProvider").is_some() {
            let sent = Instant::now();
            let answer = client
                .request("textDocument/hover", position(run_after, 8))
                .await;
            hover.push(sent.elapsed());
            empty_answers += usize::from(is_empty(&answer));
        }
        client.drain();
    }
    let resident = resident_mib(client.process_id());
    Figures {
        diagnostics,
        completion,
        hover,
        empty_answers,
        resident,
    }
}

/// The catalog as the workspace folder: time to index it, and resident memory after.
async fn measure_catalog(server: &Path, catalog: &Path) -> (Duration, Option<f64>) {
    let mut command = tokio::process::Command::new(server);
    command.arg("serve");
    let (mut client, _) = start(command, catalog, Value::Null).await;
    let started = Instant::now();
    client
        .notification("$/progress", |p| p["value"]["kind"] == "end")
        .await;
    let elapsed = started.elapsed();
    (elapsed, resident_mib(client.process_id()))
}

fn milliseconds(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn row(name: &str, ours: &mut [Duration], theirs: &mut [Duration]) {
    if ours.is_empty() {
        println!("| {name} | (not announced) | | |");
        return;
    }
    let (p50, p95) = (percentile(ours, 0.5), percentile(ours, 0.95));
    let (their50, their95) = (percentile(theirs, 0.5), percentile(theirs, 0.95));
    let ratio = |theirs: Duration, ours: Duration| match theirs.is_zero() {
        true => "–".to_owned(),
        false => format!(
            "{:.1}×",
            theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
        ),
    };
    let show = |d: Duration, present: bool| {
        if present {
            milliseconds(d)
        } else {
            "–".to_owned()
        }
    };
    println!(
        "| {name} | {} / {} | {} / {} | {} / {} |",
        milliseconds(p50),
        milliseconds(p95),
        show(their50, !theirs.is_empty()),
        show(their95, !theirs.is_empty()),
        ratio(their50, p50),
        ratio(their95, p95),
    );
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut ours_command = tokio::process::Command::new(&options.server);
    ours_command.arg("serve");
    let mut ours = measure_file(ours_command, Value::Null, options.iterations).await;
    let theirs = match &options.yamlls {
        Some((yamlls, schema)) => {
            let mut command = tokio::process::Command::new(yamlls);
            command.arg("--stdio");
            let settings = json!({"yaml": {
                "validate": true, "completion": true, "hover": true,
                "schemas": {uri(&std::path::absolute(schema).unwrap_or(schema.clone())): "*.yaml"},
                "schemaStore": {"enable": false}
            }});
            Some(measure_file(command, settings, options.iterations).await)
        }
        None => None,
    };
    let (index_time, index_resident) = measure_catalog(&options.server, &options.catalog).await;

    let lines = generated_pipeline().lines().count();
    println!(
        "Generated pipeline: {lines} lines; {} iterations each.",
        options.iterations
    );
    println!();
    println!(
        "| On the generated pipeline | tekton-lsp p50 / p95 | yaml-language-server p50 / p95 | ratio p50 / p95 |"
    );
    println!("|---|---|---|---|");
    let mut theirs = theirs.unwrap_or_default();
    row(
        "didChange → publishDiagnostics",
        &mut ours.diagnostics,
        &mut theirs.diagnostics,
    );
    row("completion", &mut ours.completion, &mut theirs.completion);
    row("hover", &mut ours.hover, &mut theirs.hover);
    let mib = |value: Option<f64>| value.map_or("–".to_owned(), |v| format!("{v:.0} MiB"));
    println!(
        "| resident memory after | {} | {} | |",
        mib(ours.resident),
        mib(theirs.resident)
    );
    println!(
        "| completion and hover answered with nothing | {} | {} | |",
        ours.empty_answers, theirs.empty_answers
    );
    println!();
    println!(
        "Catalog as the workspace ({}): indexed in {}, {} resident after.",
        options.catalog.display(),
        milliseconds(index_time),
        mib(index_resident)
    );
    ExitCode::SUCCESS
}
