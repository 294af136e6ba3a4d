//! Response times of the editor features on a generated 2,000-line pipeline whose tasks run
//! Tasks of 30 other files: each request kind at its own place, in the half-typed text an
//! editor sends (analysed once, as the server does on each change), p50 and p95.
//!
//! ```sh
//! cargo run --release -p tekton-ide --example ide_bench [ITERATIONS]
//! ```
//!
//! The server's own benchmark (`tests/bench/lsp.sh`) measures completion and hover through the
//! protocol; this one covers every feature and the heavier completions (variables after
//! `$(tasks.`, `runAfter`, pipeline-task snippets for every Task of the workspace).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use tekton_analysis::{AnalysisConfig, FileRef, Span, Workspace, analyze_file};

const TASKS: usize = 30;
const PIPELINE_TASKS: usize = 117;

fn task(index: usize) -> String {
    format!(
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: task-{index}\nspec:\n  \
         description: Task number {index}.\n  params:\n    - name: revision\n      \
         description: The commit.\n    - name: flags\n      type: array\n      default: []\n    \
         - name: level\n      default: \"1\"\n  workspaces:\n    - name: source\n  results:\n    \
         - name: digest\n      description: A digest.\n    - name: url\n  steps:\n    \
         - name: run\n      image: alpine\n      script: echo $(params.revision) > $(results.digest.path)\n"
    )
}

/// A Pipeline of about 2,000 lines; `tail` is appended to its last task.
fn pipeline(tail: &str) -> String {
    let mut text = String::from(
        "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: big\nspec:\n  params:\n    \
         - name: repo\n    - name: targets\n      type: array\n  workspaces:\n    - name: shared\n  \
         tasks:\n",
    );
    for index in 0..PIPELINE_TASKS {
        let _ = write!(
            text,
            "    - name: t{index}\n      taskRef:\n        name: task-{}\n      params:\n        \
             - name: revision\n          value: $(params.repo)\n",
            index % TASKS
        );
        if index > 0 {
            let _ = write!(
                text,
                "        - name: level\n          value: $(tasks.t{}.results.digest)\n      \
                 runAfter:\n        - t{}\n",
                index - 1,
                index - 1
            );
        }
        let _ = write!(
            text,
            "      workspaces:\n        - name: source\n          workspace: shared\n      when:\n        \
             - input: $(params.repo)\n          operator: in\n          values: [\"a\", \"b\"]\n"
        );
    }
    text.push_str(tail);
    text
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples.get(index).copied().unwrap_or_default()
}

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let config = AnalysisConfig::default();
    let mut base = Workspace::new();
    for index in 0..TASKS {
        let name = format!("task-{index}.yaml");
        base.insert(
            FileRef::from(name.as_str()),
            analyze_file(&task(index), &config),
        );
    }
    let file = FileRef::from("pipeline.yaml");
    let last = "    - name: last\n      taskRef:\n        name: task-1\n";
    // Each case: the half-typed text after the last task, with `█` at the cursor.
    let cases: [(&str, String); 7] = [
        (
            "completion: a key typed without its colon",
            format!("{last}      ti█\n"),
        ),
        (
            "completion: `$(tasks.` in a param",
            format!("{last}      params:\n        - name: level\n          value: $(tasks.█\n"),
        ),
        (
            "completion: `runAfter: [`",
            format!("{last}      runAfter: [█\n"),
        ),
        (
            "completion: a new pipeline task (snippets)",
            format!("{last}    - █\n"),
        ),
        (
            "completion: `taskRef.name`",
            format!("{last}    - name: x\n      taskRef:\n        name: █\n"),
        ),
        (
            "completion: `$(params.` in an inline step",
            format!(
                "{last}    - name: inline\n      taskSpec:\n        params:\n          - name: p\n        steps:\n          - image: a\n            script: echo $(params.█\n"
            ),
        ),
        (
            "hover: a task result reference",
            format!(
                "{last}      params:\n        - name: level\n          value: $(tasks.t116.results.dig█est)\n"
            ),
        ),
    ];
    println!("{iterations} iterations, release build\n");
    println!("| Request | p50 | p95 |\n|---|---|---|");
    let mut workspace = base;
    for (label, tail) in &cases {
        let marked = pipeline(tail);
        let offset = marked.find('█').unwrap_or(0);
        let text = marked.replacen('█', "", 1);
        workspace.insert(file.clone(), analyze_file(&text, &config));
        let mut samples = Vec::with_capacity(iterations);
        let mut answers = 0;
        for _ in 0..iterations {
            let started = Instant::now();
            answers = if label.starts_with("hover") {
                usize::from(tekton_ide::hover(&workspace, &file, offset).is_some())
            } else {
                tekton_ide::completions(&workspace, &file, offset).len()
            };
            samples.push(started.elapsed());
        }
        let p50 = percentile(&mut samples, 0.5);
        let p95 = percentile(&mut samples, 0.95);
        println!("| {label} ({answers} answers) | {p50:.2?} | {p95:.2?} |");
    }
    // Navigation and structure on the plain pipeline.
    let text = pipeline(last);
    let lines = text.lines().count();
    workspace.insert(file.clone(), analyze_file(&text, &config));
    let at_task = text.find("- name: t40").map_or(0, |i| i + 8);
    let timed = |label: &str, run: &dyn Fn() -> usize| {
        let mut samples = Vec::with_capacity(iterations);
        let mut answers = 0;
        for _ in 0..iterations {
            let started = Instant::now();
            answers = run();
            samples.push(started.elapsed());
        }
        let p50 = percentile(&mut samples, 0.5);
        let p95 = percentile(&mut samples, 0.95);
        println!("| {label} ({answers} answers) | {p50:.2?} | {p95:.2?} |");
    };
    let ws = &workspace;
    timed("definition of a pipeline task", &|| {
        tekton_ide::definition(ws, &file, at_task).len()
    });
    timed("references of a pipeline task", &|| {
        tekton_ide::references(ws, &file, at_task, true).len()
    });
    timed("rename of a pipeline task", &|| {
        tekton_ide::rename(ws, &file, at_task, "renamed").map_or(0, |e| e.len())
    });
    let analysis = ws.get(&file);
    timed("document symbols", &|| {
        analysis.map_or(0, |a| tekton_ide::document_symbols(a).len())
    });
    timed("semantic tokens", &|| {
        analysis.map_or(0, |a| tekton_ide::semantic_tokens(a).len())
    });
    timed("inlay hints (whole file)", &|| {
        tekton_ide::inlay_hints(ws, &file, Span::new(0, text.len())).len()
    });
    println!(
        "\nThe pipeline has {lines} lines; the workspace {} files.",
        TASKS + 1
    );
}
