//! Diagnostics: what `check` reports, with codes, documentation links, related information
//! across files, tags and versions; re-published when a file they depend on changes.

use serde_json::{Value, json};

use crate::fixtures::{PIPELINE, TASK, check_report, comparable, reported_by_check};
use crate::harness::{Setup, TestServer};

fn by_rule<'d>(diagnostics: &'d [Value], rule: &str) -> Vec<&'d Value> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic["code"] == rule)
        .collect()
}

#[tokio::test]
async fn codes_documentation_related_information_and_versions() {
    let mut server = TestServer::start().await;
    let task = server.open("task.yaml", TASK).await.uri;
    let pipeline = server.open("pipeline.yaml", PIPELINE).await.uri;
    let diagnostics = server.diagnostics(&pipeline, 1).await;
    let missing = by_rule(&diagnostics, "run-param-missing");
    assert_eq!(missing.len(), 1, "{diagnostics:#?}");
    let missing = missing[0];
    assert_eq!(missing["severity"], json!(1));
    assert_eq!(missing["source"], json!("tekton-lsp"));
    assert!(
        missing["codeDescription"]["href"]
            .as_str()
            .is_some_and(|href| href.ends_with("/lsp/analysis/RULES.md#run-param-missing")),
        "{missing}"
    );
    // On `name: build` of the taskRef (line 8), related to the declaration in task.yaml.
    assert_eq!(
        missing["range"],
        json!({"start": {"line": 8, "character": 14}, "end": {"line": 8, "character": 19}})
    );
    let related = &missing["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(task));
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 6, "character": 12})
    );

    // Giving the param a default in the Task re-publishes the Pipeline (same version: only
    // the Task changed) without the finding.
    server.change(
        &task,
        json!([{"range": {"start": {"line": 6, "character": 15}, "end": {"line": 6, "character": 15}},
                "text": "\n      default: https://example.com/repo.git"}]),
    );
    let republished = server.published_rules(&pipeline, &[]).await;
    assert_eq!(republished["version"], json!(1));
}

#[tokio::test]
async fn a_pipelinerun_inline_pipeline_is_checked_against_the_task_in_another_file() {
    let mut server = TestServer::start().await;
    let task = server.open("task.yaml", TASK).await.uri;
    let run = "apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: ci-run
spec:
  pipelineSpec:
    tasks:
      - name: build
        taskRef:
          name: build
";
    let run = server.open("run.yaml", run).await.uri;
    let diagnostics = server.diagnostics(&run, 1).await;
    let missing = by_rule(&diagnostics, "run-param-missing");
    assert_eq!(missing.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        missing[0]["range"],
        json!({"start": {"line": 9, "character": 16}, "end": {"line": 9, "character": 21}})
    );
    // The run names the Task only inside its inline pipeline, and still hears of its change.
    server.change(
        &task,
        json!([{"range": {"start": {"line": 6, "character": 15}, "end": {"line": 6, "character": 15}},
                "text": "\n      default: https://example.com/repo.git"}]),
    );
    let republished = server.published_rules(&run, &[]).await;
    assert_eq!(republished["version"], json!(1));
}

#[tokio::test]
async fn deprecated_fields_are_tagged_and_warnings_mapped() {
    let mut server = TestServer::start().await;
    let run = server
        .open(
            "run.yaml",
            "apiVersion: tekton.dev/v1beta1
kind: PipelineRun
metadata:
  name: r
spec:
  pipelineRef:
    name: p
  timeout: 1h
",
        )
        .await
        .uri;
    let diagnostics = server.diagnostics(&run, 1).await;
    let deprecated = by_rule(&diagnostics, "deprecated-field");
    assert_eq!(deprecated.len(), 1, "{diagnostics:#?}");
    assert_eq!(deprecated[0]["severity"], json!(2));
    assert_eq!(deprecated[0]["tags"], json!([2]));
    assert_eq!(
        deprecated[0]["range"],
        json!({"start": {"line": 7, "character": 2}, "end": {"line": 7, "character": 9}})
    );
}

#[tokio::test]
async fn only_the_latest_version_is_published_and_closing_clears() {
    let mut server = TestServer::start().await;
    let uri = server.open("task.yaml", TASK).await.uri;
    let mut last = 1;
    for _ in 0..50 {
        last = server.change(
            &uri,
            json!([{"range": {"start": {"line": 3, "character": 13}, "end": {"line": 3, "character": 13}},
                    "text": "x"}]),
        );
    }
    let diagnostics = server.diagnostics(&uri, last).await;
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    // Nothing published for this document names a version older than one published before it.
    let mut seen = 0;
    for message in server.client.drain() {
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
        {
            let version = message["params"]["version"].as_i64().unwrap_or_default();
            assert!(version >= seen, "version {version} after {seen}");
            seen = version;
        }
    }
    server.client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    server
        .client
        .notification("textDocument/publishDiagnostics", |params| {
            params["uri"] == uri.as_str()
                && params["diagnostics"] == json!([])
                && params["version"].is_null()
        })
        .await;
}

#[tokio::test]
async fn diagnostics_are_exactly_what_check_reports() {
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, String)> = Vec::new();
    for example in [
        "broken/pipeline.yaml",
        "valid/pipeline.yaml",
        "valid/pipelinerun.yaml",
        "valid/tasks.yaml",
    ] {
        let text = std::fs::read_to_string(repository.join("examples").join(example))
            .expect("read an example");
        files.push((format!("examples/{example}"), text));
    }
    // A sample of the catalog (every 25th file), for non-ASCII text, CRLF and odd YAML.
    let root = crate::catalog::root();
    for path in crate::catalog::files().iter().step_by(25) {
        let relative = path.strip_prefix(&root).expect("under the catalog");
        let text = std::fs::read_to_string(path).expect("read a catalog file");
        files.push((format!("catalog/{}", relative.display()), text));
    }
    // A key that differs from a field only in letter case: a warning with a fix inside an
    // embedded taskSpec (Tekton's decoder matches it), an error in a Task's own steps (the API
    // server's schema rejects it; see the rule's documentation).
    files.push((
        "case/pipeline.yaml".into(),
        "apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: case
spec:
  tasks:
    - name: build
      taskSpec:
        steps:
          - image: alpine:3.20
            volumeMounts:
              - name: cache
                mountpath: /cache
        volumes:
          - name: cache
            emptyDir: {}
"
        .into(),
    ));
    files.push((
        "case/task.yaml".into(),
        "apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: case
spec:
  steps:
    - image: alpine:3.20
      volumeMounts:
        - name: cache
          mountpath: /cache
  volumes:
    - name: cache
      emptyDir: {}
"
        .into(),
    ));

    let mut server = TestServer::with(crate::harness::Setup {
        files: files.clone(),
        ..crate::harness::Setup::default()
    })
    .await;

    let report = check_report(&server.path(""));
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut case_diagnostics = Vec::new();
    for (path, text) in &files {
        let uri = server.open(path, text).await.uri;
        let published = server.diagnostics(&uri, 1).await;
        if path == "case/pipeline.yaml" {
            case_diagnostics = published.clone();
        }
        let from_server = comparable(&published);
        let from_check = reported_by_check(&report, path, text);
        compared += from_check.len();
        if from_server != from_check {
            failures.push(format!(
                "{path}:\n  server: {from_server:#?}\n  check: {from_check:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 20, "only {compared} diagnostics compared");

    assert_eq!(
        by_rule(&case_diagnostics, "field-name-case")
            .iter()
            .map(|d| d["severity"].clone())
            .collect::<Vec<_>>(),
        [json!(2)],
        "{case_diagnostics:#?}"
    );
}

/// The run-time rules reach the editor as `check` reports them, levels and `off` from
/// `.tekton-lsp.toml` included.
#[tokio::test]
async fn run_time_rules_follow_the_configured_levels() {
    let mut server = TestServer::with(crate::harness::Setup {
        files: vec![(
            ".tekton-lsp.toml".to_owned(),
            "[rules]\nenv-duplicate = \"error\"\nvolume-mount-undefined = \"off\"\n".to_owned(),
        )],
        ..crate::harness::Setup::default()
    })
    .await;
    let task = server
        .open(
            "task.yaml",
            "apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  steps:
    - image: alpine:3.20
      script: make
      env:
        - name: GOFLAGS
          value: -mod=vendor
        - name: GOFLAGS
          value: -v
      volumeMounts:
        - name: cache
          mountPath: /cache
      computeResources:
        limits:
          memory: 1GB
",
        )
        .await
        .uri;
    let diagnostics = server.diagnostics(&task, 1).await;
    let duplicate = by_rule(&diagnostics, "env-duplicate");
    assert_eq!(duplicate.len(), 1, "{diagnostics:#?}");
    assert_eq!(duplicate[0]["severity"], json!(1));
    assert_eq!(
        duplicate[0]["range"],
        json!({"start": {"line": 11, "character": 16}, "end": {"line": 11, "character": 23}})
    );
    assert_eq!(
        duplicate[0]["relatedInformation"][0]["location"]["range"]["start"],
        json!({"line": 9, "character": 16})
    );
    let quantity = by_rule(&diagnostics, "resource-quantity-invalid");
    assert_eq!(quantity.len(), 1, "{diagnostics:#?}");
    assert!(by_rule(&diagnostics, "volume-mount-undefined").is_empty());
}

#[tokio::test]
async fn shellcheck_findings_in_scripts_are_published_at_their_text() {
    let binary = crate::shellcheck_support::shellcheck_binary();
    let mut server = TestServer::with(Setup {
        files: vec![(
            ".tekton-lsp.toml".to_owned(),
            format!("[shellcheck]\npath = {:?}\n", binary.display().to_string()),
        )],
        ..Setup::default()
    })
    .await;
    let task = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    \
                - image: alpine\n      script: |\n        #!/bin/bash\n        echo $(params.x) $1\n";
    let uri = server.open("task.yaml", task).await.uri;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let found = by_rule(&diagnostics, "script-shellcheck");
    assert_eq!(found.len(), 1, "{diagnostics:#?}");
    // `$1` on line 9 (0-based), after `        echo $(params.x) `.
    assert_eq!(
        found[0]["range"],
        json!({"start": {"line": 9, "character": 25}, "end": {"line": 9, "character": 27}})
    );
    assert_eq!(found[0]["severity"], json!(3));
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|message| message.starts_with("SC2086 (info): ")
                && message.contains("https://www.shellcheck.net/wiki/SC2086")),
        "{:#?}",
        found[0]
    );
}
