//! The workspace index: background indexing with progress, `.gitignore` and `ignore` lists,
//! watched files, configuration edits, and references across files through the index.

use serde_json::{Value, json};

use crate::fixtures::{PIPELINE, TASK, rules};
use crate::harness::{Setup, TestServer};

#[tokio::test]
async fn indexing_honours_gitignore_and_ignore_lists_and_reports_progress() {
    let mut server = TestServer::with(Setup {
        files: vec![
            ("tasks/build.yaml", TASK.to_owned()),
            // Two more Tasks named `build` that must not be indexed: the reference would be
            // ambiguous (and left unchecked) if they were.
            (".gitignore", "generated/\n".to_owned()),
            ("generated/build.yaml", TASK.to_owned()),
            (".tekton-lsp.toml", "ignore = [\"vendor/\"]\n".to_owned()),
            ("vendor/build.yaml", TASK.to_owned()),
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
    let mut server = TestServer::with(Setup {
        files: vec![("build.yaml", TASK.to_owned())],
        ..Setup::default()
    })
    .await;
    let pipeline = server.open("pipeline.yaml", PIPELINE).await.uri;
    assert_eq!(
        rules(&server.diagnostics(&pipeline, 1).await),
        ["run-param-missing"]
    );
    server.write(".tekton-lsp.toml", "[rules]\nrun-param-missing = \"off\"\n");
    let config = server.uri(".tekton-lsp.toml");
    server.client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 1}]}),
    );
    server.published_rules(&pipeline, &[]).await;
}
