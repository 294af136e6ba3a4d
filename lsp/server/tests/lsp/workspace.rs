//! The workspace index: background indexing with progress, `.gitignore` and `ignore` lists,
//! watched files, configuration edits, and references across files through the index.

use serde_json::{Value, json};

use crate::fixtures::{PIPELINE, TASK, rules};
use crate::harness::{Setup, TestServer};

/// A workspace with the Task on disk and the Pipeline open, its first diagnostics checked.
async fn pipeline_using_a_task_on_disk(watched_files: bool) -> (TestServer, String) {
    let mut server = TestServer::with(Setup {
        files: vec![("build.yaml".to_owned(), TASK.to_owned())],
        watched_files,
        ..Setup::default()
    })
    .await;
    let pipeline = server.open("pipeline.yaml", PIPELINE).await.uri;
    assert_eq!(
        rules(&server.diagnostics(&pipeline, 1).await),
        ["run-param-missing"]
    );
    (server, pipeline)
}

#[tokio::test]
async fn indexing_honours_gitignore_and_ignore_lists_and_reports_progress() {
    let mut server = TestServer::with(Setup {
        files: vec![
            ("tasks/build.yaml".to_owned(), TASK.to_owned()),
            // Two more Tasks named `build` that must not be indexed: the reference would be
            // ambiguous (and left unchecked) if they were.
            (".gitignore".to_owned(), "generated/\n".to_owned()),
            ("generated/build.yaml".to_owned(), TASK.to_owned()),
            (
                ".tekton-lsp.toml".to_owned(),
                "ignore = [\"vendor/\"]\n".to_owned(),
            ),
            ("vendor/build.yaml".to_owned(), TASK.to_owned()),
        ],
        ..Setup::default()
    })
    .await;
    let progress: Vec<Value> = server
        .client
        .drain()
        .into_iter()
        .filter(|message| message["method"] == "$/progress")
        .map(|message| message["params"]["value"].clone())
        .collect();
    assert_eq!(
        progress.first().map(|value| &value["kind"]),
        Some(&json!("begin"))
    );
    assert!(
        progress
            .iter()
            .any(|value| value["kind"] == "report" && value["percentage"] == 100),
        "{progress:#?}"
    );

    let pipeline = server.open("pipeline.yaml", PIPELINE).await.uri;
    let diagnostics = server.diagnostics(&pipeline, 1).await;
    assert_eq!(
        rules(&diagnostics),
        ["run-param-missing"],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["relatedInformation"][0]["location"]["uri"],
        json!(server.uri("tasks/build.yaml"))
    );
}

#[tokio::test]
async fn watchers_are_registered_and_disk_changes_re_check_open_documents() {
    let mut server = TestServer::start().await;
    let registration = server
        .client
        .wait_for(|message| message["method"] == "client/registerCapability")
        .await;
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        json!("workspace/didChangeWatchedFiles")
    );

    let pipeline = server.open("pipeline.yaml", PIPELINE).await.uri;
    let diagnostics = server.diagnostics(&pipeline, 1).await;
    assert_eq!(rules(&diagnostics), ["ref-unresolvable"]);

    // A Task created on disk: indexed again, and the Pipeline's reference now resolves.
    server.write("build.yaml", TASK);
    let task = server.uri("build.yaml");
    server.client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": task, "type": 1}]}),
    );
    server
        .published_rules(&pipeline, &["run-param-missing"])
        .await;

    // Changed on disk: the param gets a default.
    server.write(
        "build.yaml",
        &TASK.replace("- name: url", "- name: url\n      default: x"),
    );
    server.client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": task, "type": 2}]}),
    );
    server.published_rules(&pipeline, &[]).await;

    // Deleted.
    std::fs::remove_file(server.path("build.yaml")).expect("delete the Task");
    server.client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": task, "type": 3}]}),
    );
    server
        .published_rules(&pipeline, &["ref-unresolvable"])
        .await;
}

#[tokio::test]
async fn editing_the_configuration_re_checks_open_documents() {
    let (mut server, pipeline) = pipeline_using_a_task_on_disk(true).await;
    server.write(".tekton-lsp.toml", "[rules]\nrun-param-missing = \"off\"\n");
    let config = server.uri(".tekton-lsp.toml");
    server.client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 1}]}),
    );
    server.published_rules(&pipeline, &[]).await;
}

#[tokio::test]
async fn workspace_folders_added_and_removed_change_what_references_resolve_to() {
    let mut server = TestServer::start().await;
    let pipeline = server.open("pipeline.yaml", PIPELINE).await.uri;
    assert_eq!(
        rules(&server.diagnostics(&pipeline, 1).await),
        ["ref-unresolvable"]
    );
    let other = tempfile::tempdir().expect("a second folder");
    std::fs::write(other.path().join("build.yaml"), TASK).expect("write the Task");
    let folder = json!([{"uri": crate::harness::uri_of(other.path()), "name": "other"}]);
    server.client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": folder, "removed": []}}),
    );
    server
        .published_rules(&pipeline, &["run-param-missing"])
        .await;
    server.client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": folder}}),
    );
    server
        .published_rules(&pipeline, &["ref-unresolvable"])
        .await;
}

#[tokio::test]
async fn saving_the_configuration_re_checks_when_the_client_watches_no_files() {
    let (mut server, pipeline) = pipeline_using_a_task_on_disk(false).await;
    server.write(
        ".tekton-lsp.toml",
        "[rules]\nrun-param-missing = \"warning\"\n",
    );
    let config = server.uri(".tekton-lsp.toml");
    server.client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config}}),
    );
    let republished = server
        .client
        .notification("textDocument/publishDiagnostics", |params| {
            params["uri"] == pipeline.as_str() && params["diagnostics"][0]["severity"] == 2
        })
        .await;
    assert_eq!(
        rules(
            republished["diagnostics"]
                .as_array()
                .map_or(&[], Vec::as_slice)
        ),
        ["run-param-missing"]
    );
}

#[tokio::test]
async fn closing_an_edited_file_puts_back_its_disk_version() {
    let (mut server, pipeline) = pipeline_using_a_task_on_disk(true).await;
    let task = server
        .open(
            "build.yaml",
            &TASK.replace("- name: url", "- name: url\n      default: x"),
        )
        .await
        .uri;
    server.published_rules(&pipeline, &[]).await;
    server.client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": task}}),
    );
    server
        .published_rules(&pipeline, &["run-param-missing"])
        .await;
}

#[tokio::test]
async fn a_file_the_configuration_ignores_gets_no_diagnostics() {
    let mut server = TestServer::with(Setup {
        files: vec![(
            ".tekton-lsp.toml".to_owned(),
            "ignore = [\"vendor/\"]\n".to_owned(),
        )],
        ..Setup::default()
    })
    .await;
    let broken =
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: x\nspec:\n  stepz: []\n";
    let ignored = server.open("vendor/task.yaml", broken).await.uri;
    assert_eq!(server.diagnostics(&ignored, 1).await, Vec::<Value>::new());
    let checked = server.open("task.yaml", broken).await.uri;
    assert!(!server.diagnostics(&checked, 1).await.is_empty());
}

#[tokio::test]
async fn a_broken_configuration_is_shown_and_its_files_get_no_diagnostics() {
    let mut server = TestServer::with(Setup {
        files: vec![(
            "team/.tekton-lsp.toml".to_owned(),
            "[rules]\nno-such-rule = \"off\"\n".to_owned(),
        )],
        ..Setup::default()
    })
    .await;
    let broken =
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: x\nspec:\n  stepz: []\n";
    let uri = server.open("team/task.yaml", broken).await.uri;
    let shown = server
        .client
        .notification("window/showMessage", |params| params["type"] == 2)
        .await;
    let message = shown["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("task.yaml") && message.contains("no-such-rule"),
        "{message}"
    );
    assert_eq!(server.diagnostics(&uri, 1).await, Vec::<Value>::new());
}

#[tokio::test]
async fn editor_settings_apply_where_no_configuration_file_does() {
    let mut server = TestServer::with(Setup {
        files: vec![(
            "team/.tekton-lsp.toml".to_owned(),
            "[rules]\nyaml-syntax = \"warning\"\n".to_owned(),
        )],
        initialization_options: Some(json!({"rules": {"unknown-field": "off"}})),
        ..Setup::default()
    })
    .await;
    let broken =
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: x\nspec:\n  stepz: []\n";
    let quiet = server.open("task.yaml", broken).await.uri;
    assert_eq!(
        sorted_rules(&server.diagnostics(&quiet, 1).await),
        ["task-steps-missing"]
    );
    // The nearest configuration file is used whole, as by `check`.
    let team = server.open("team/task.yaml", broken).await.uri;
    assert_eq!(
        sorted_rules(&server.diagnostics(&team, 1).await),
        ["task-steps-missing", "unknown-field"]
    );
}

#[tokio::test]
async fn invalid_editor_settings_are_shown_and_upstream_defaults_used() {
    let mut server = TestServer::with(Setup {
        initialization_options: Some(json!({"rules": {"no-such-rule": "off"}})),
        ..Setup::default()
    })
    .await;
    let shown = server
        .client
        .notification("window/showMessage", |params| params["type"] == 2)
        .await;
    let message = shown["message"].as_str().unwrap_or_default();
    assert!(message.contains("no-such-rule"), "{message}");
    let broken =
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: x\nspec:\n  stepz: []\n";
    let uri = server.open("task.yaml", broken).await.uri;
    assert_eq!(
        sorted_rules(&server.diagnostics(&uri, 1).await),
        ["task-steps-missing", "unknown-field"]
    );
}

fn sorted_rules(diagnostics: &[Value]) -> Vec<&str> {
    let mut rules = rules(diagnostics);
    rules.sort_unstable();
    rules
}
