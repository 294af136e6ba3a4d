//! End to end through a real LSP client: a headless Neovim with the shipped plugin
//! (`editors/neovim`) opens Tekton files in a workspace, with `tekton-lsp serve` attached, and
//! `driver.lua` reports what Neovim received. Needs `nvim` (Debian's `neovim`, 0.7 or later) on
//! PATH, or its path in `NVIM_BIN`; `tests/run-all` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `script` (a list of steps, see driver.lua) in Neovim on `file` of `workspace`, the
/// plugin set up as `mode` says (driver.lua: `setup` or `lsp-config`).
fn neovim(workspace: &Path, file: &str, mode: &str, script: Value) -> Value {
    let nvim = std::env::var_os("NVIM_BIN").unwrap_or_else(|| "nvim".into());
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let script_path = scratch.path().join("script.json");
    let out = scratch.path().join("out.json");
    std::fs::write(&script_path, script.to_string()).expect("write the script");
    let status = Command::new(&nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(repository().join("lsp/server/tests/neovim/driver.lua"))
        .current_dir(workspace)
        .env("TEKTON_NVIM_PLUGIN", repository().join("editors/neovim"))
        .env("TEKTON_LSP", env!("CARGO_BIN_EXE_tekton-lsp"))
        .env("TEKTON_E2E_FILE", workspace.join(file))
        .env("TEKTON_E2E_MODE", mode)
        .env("TEKTON_E2E_SCRIPT", &script_path)
        .env("TEKTON_E2E_OUT", &out)
        // Neovim's own state (logs, shada) stays out of the user's home.
        .env("XDG_STATE_HOME", scratch.path())
        .env("XDG_DATA_HOME", scratch.path())
        .env("XDG_CONFIG_HOME", scratch.path())
        .status()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run {nvim:?} ({error}): install Neovim 0.7 or later (Debian: apt-get install neovim; tests/run-all does) or set NVIM_BIN"
            )
        });
    assert!(status.success(), "nvim exited with {status}");
    let text = std::fs::read_to_string(&out).expect("the driver's results");
    let results: Value = serde_json::from_str(&text).expect("the driver's JSON");
    assert!(
        results.get("error").is_none(),
        "the driver failed: {results}"
    );
    assert_eq!(results["attached"], json!(true), "{results}");
    results
}

/// A workspace with the repository's examples (a broken pipeline among valid files).
fn examples_workspace() -> tempfile::TempDir {
    let workspace = tempfile::tempdir().expect("a workspace folder");
    std::fs::create_dir(workspace.path().join(".git")).expect("mark the root");
    copy_tree(
        &repository().join("examples"),
        &workspace.path().join("examples"),
    );
    workspace
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("list a folder") {
        let path: PathBuf = entry.expect("a folder entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a file");
        }
    }
}

#[test]
fn neovim_shows_what_check_reports() {
    shows_what_check_reports("setup");
}

/// The same through `lsp/tekton_lsp.lua` (Neovim 0.11's `vim.lsp.config` layout) and the
/// plugin's detection alone.
#[test]
fn neovim_lsp_config_file_shows_what_check_reports() {
    shows_what_check_reports("lsp-config");
}

fn shows_what_check_reports(mode: &str) {
    let workspace = examples_workspace();
    let file = "examples/broken/pipeline.yaml";
    let output = Command::new(env!("CARGO_BIN_EXE_tekton-lsp"))
        .args(["check", "--format", "json", "examples"])
        .current_dir(workspace.path())
        .output()
        .expect("run tekton-lsp check");
    let report: Value = serde_json::from_slice(&output.stdout).expect("check's JSON");
    let mut expected: Vec<Value> = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            // The example is ASCII: Neovim's byte columns are check's character columns - 1.
            json!([
                d["rule"],
                d["message"],
                d["line"].as_u64().map(|l| l - 1),
                d["column"].as_u64().map(|c| c - 1)
            ])
        })
        .collect();
    assert!(expected.len() >= 3, "{report}");

    let results = neovim(
        workspace.path(),
        file,
        mode,
        json!([{"action": "diagnostics", "at_least": expected.len()}]),
    );
    assert_eq!(results["filetype"], json!("yaml.tekton"));
    let shown = results["steps"][0].as_array().expect("diagnostics");
    assert!(
        shown.iter().all(|d| d["source"] == "tekton-lsp"),
        "{results}"
    );
    let mut shown: Vec<Value> = shown
        .iter()
        .map(|d| json!([d["code"], d["message"], d["line"], d["column"]]))
        .collect();
    shown.sort_by_key(Value::to_string);
    expected.sort_by_key(Value::to_string);
    assert_eq!(shown, expected);
}

#[test]
fn neovim_completes_and_renames_across_two_files() {
    let workspace = examples_workspace();
    let results = neovim(
        workspace.path(),
        "examples/valid/pipeline.yaml",
        "setup",
        json!([
            {"action": "indexed"},
            // Right after `value: $(params.` of the `fetch` task (line 22 in the file).
            {"action": "completion", "line": 21, "character": 26},
            // On `url` of `- name: url`, the param the Task in tasks.yaml declares.
            {"action": "rename", "line": 20, "character": 16, "new_name": "repository"}
        ]),
    );
    assert_eq!(results["steps"][0]["indexed"], json!(true), "{results}");
    // The Pipeline's params, and nothing that is not valid after `$(params.`.
    let mut labels: Vec<&str> = results["steps"][1]
        .as_array()
        .expect("completion labels")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    labels.sort_unstable();
    assert_eq!(labels, ["params.image", "params.repo-url"]);
    assert_eq!(results["steps"][2]["applied"], json!(true), "{results}");

    let read = |file: &str| {
        std::fs::read_to_string(workspace.path().join("examples/valid").join(file))
            .expect("read a renamed file")
    };
    let pipeline = read("pipeline.yaml");
    assert!(
        pipeline.contains("        - name: repository\n          value: $(params.repo-url)"),
        "{pipeline}"
    );
    let tasks = read("tasks.yaml");
    assert!(
        tasks.contains("    - name: repository\n      type: string"),
        "{tasks}"
    );
    assert!(tasks.contains("\"$(params.repository)\""), "{tasks}");
    assert!(!tasks.contains("params.url"), "{tasks}");
}
