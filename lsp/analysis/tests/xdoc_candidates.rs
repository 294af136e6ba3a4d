//! Several documents with the referenced kind and name (issue 13: a repository's golden test
//! copy of an older Task must not produce errors the Task in use does not deserve): the checks
//! try every candidate and report only what all of them reject, naming them; a version or the
//! referencing file's folder chooses where it can; a reference that says more than a name gets
//! warnings at most.

use tekton_analysis::config::RuleLevel;
use tekton_analysis::{
    AnalysisConfig, Diagnostic, FileRef, Severity, Workspace, analyze_file, rules,
};

/// The Task in use: it takes a `netrc` workspace and needs `url`.
const CURRENT: &str = "\
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: git-clone
  labels:
    app.kubernetes.io/version: \"0.9\"
spec:
  params:
    - name: url
    - name: depth
      default: \"1\"
  workspaces:
    - name: output
    - name: netrc
      optional: true
  steps:
    - image: alpine
";

/// The older golden copy: no `netrc`, and `revision` has no default yet.
const OLDER: &str = "\
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: git-clone
  labels:
    app.kubernetes.io/version: \"0.3\"
spec:
  params:
    - name: url
    - name: revision
  workspaces:
    - name: output
  steps:
    - image: alpine
";

fn pipeline(task_ref: &str) -> String {
    format!(
        "\
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: build
spec:
  workspaces:
    - name: source
    - name: auth
  tasks:
    - name: clone
      taskRef:
{task_ref}
      workspaces:
        - name: output
          workspace: source
        - name: netrc
          workspace: auth
"
    )
}

const PLAIN: &str = "        name: git-clone";

fn check(files: &[(&str, &str)], config: &AnalysisConfig) -> Vec<Diagnostic> {
    let mut workspace = Workspace::new();
    for (name, text) in files {
        workspace.insert((*name).into(), analyze_file(text, config));
    }
    let (first, _) = files[0];
    rules::check_references(&workspace, &FileRef::from(first), config)
}

fn summary(found: &[Diagnostic]) -> Vec<(&str, Severity, &str)> {
    found
        .iter()
        .map(|d| (d.rule, d.severity, d.message.as_str()))
        .collect()
}

#[test]
fn an_older_same_named_copy_in_a_test_folder_causes_no_error_only_what_both_reject_is_reported() {
    let config = AnalysisConfig::default();
    let text = pipeline(PLAIN);
    let found = check(
        &[
            ("pipelines/build.yaml", &text),
            ("tasks/git-clone.yaml", CURRENT),
            ("tests/golden/git-clone.yaml", OLDER),
        ],
        &config,
    );
    // `url` is missing for both; `revision` only for the older copy; `netrc` unknown only to it.
    assert_eq!(
        summary(&found),
        [(
            "run-param-missing",
            Severity::Error,
            "param `url` has no default and is not given (each of the 2 Tasks named `git-clone` says so)"
        )]
    );
    let related: Vec<(Option<&str>, &str)> = found[0]
        .related
        .iter()
        .map(|r| (r.file.as_ref().map(FileRef::as_str), r.message.as_str()))
        .collect();
    let named = "one of the 2 Tasks named `git-clone` checked: nothing tells them apart, and each rejects this";
    assert_eq!(
        related,
        [
            (
                Some("tasks/git-clone.yaml"),
                "declared here, without a default"
            ),
            (
                Some("tests/golden/git-clone.yaml"),
                "declared here, without a default"
            ),
            (Some("tasks/git-clone.yaml"), named),
            (Some("tests/golden/git-clone.yaml"), named),
        ]
    );
}

#[test]
fn the_copy_beside_the_referencing_file_or_the_version_asked_for_is_the_one_checked() {
    let config = AnalysisConfig::default();
    // A golden Pipeline beside the golden copy is checked against that copy alone.
    let text = pipeline(PLAIN);
    let found = check(
        &[
            ("tests/golden/build.yaml", &text),
            ("tasks/git-clone.yaml", CURRENT),
            ("tests/golden/git-clone.yaml", OLDER),
        ],
        &config,
    );
    let rules: Vec<&str> = found.iter().map(|d| d.rule).collect();
    assert_eq!(
        rules,
        [
            "run-param-missing",
            "run-param-missing",
            "run-workspace-unknown"
        ]
    );
    assert!(found.iter().all(|d| d.related.iter().any(|r| r.message
        == "the Task checked, chosen among 2 named `git-clone`: it is in this file's folder or version folder"
        && r.file.as_ref().map(FileRef::as_str) == Some("tests/golden/git-clone.yaml"))));

    // A hub reference asking for 0.3 is checked against the copy labelled 0.3, as warnings:
    // the hub may serve something else.
    let hub = "        resolver: hub\n        params:\n          - name: name\n            value: git-clone\n          - name: version\n            value: \"0.3\"";
    let text = pipeline(hub);
    let found = check(
        &[
            ("pipelines/build.yaml", &text),
            ("tasks/git-clone.yaml", CURRENT),
            ("tests/golden/git-clone.yaml", OLDER),
        ],
        &config,
    );
    assert_eq!(
        summary(&found),
        [
            (
                "run-param-missing",
                Severity::Warning,
                "param `url` has no default and is not given (tests/golden/git-clone.yaml, chosen among 2 Tasks named `git-clone`)"
            ),
            (
                "run-param-missing",
                Severity::Warning,
                "param `revision` has no default and is not given (tests/golden/git-clone.yaml, chosen among 2 Tasks named `git-clone`)"
            ),
            (
                "run-workspace-unknown",
                Severity::Warning,
                "the Task declares no workspace `netrc` (tests/golden/git-clone.yaml, chosen among 2 Tasks named `git-clone`)"
            ),
        ]
    );
}

#[test]
fn a_reference_that_says_more_than_a_name_gets_warnings_at_most_even_when_raised() {
    let mut config = AnalysisConfig::default();
    config
        .set_rule_level("run-param-missing", RuleLevel::Error)
        .expect("a rule id");
    for task_ref in [
        // A v1beta1 bundle (its tag chooses the version).
        "        name: git-clone\n        bundle: registry.example/catalog/git-clone:0.9",
        // A key Tekton does not know here: the reference may not mean what we resolve.
        "        name: git-clone\n        namespace: ci",
        // A bundles resolver naming the Task.
        "        resolver: bundles\n        params:\n          - name: bundle\n            value: registry.example/catalog/git-clone:0.9\n          - name: name\n            value: git-clone\n          - name: kind\n            value: task",
    ] {
        let text = pipeline(task_ref);
        let found = check(
            &[
                ("pipelines/build.yaml", &text),
                ("tasks/git-clone.yaml", CURRENT),
            ],
            &config,
        );
        assert_eq!(
            summary(&found),
            [(
                "run-param-missing",
                Severity::Warning,
                "param `url` has no default and is not given"
            )],
            "{task_ref}"
        );
    }
    // The plain name keeps the level.
    let text = pipeline(PLAIN);
    let found = check(
        &[
            ("pipelines/build.yaml", &text),
            ("tasks/git-clone.yaml", CURRENT),
        ],
        &config,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
}

#[test]
fn a_resolver_reference_nothing_in_the_workspace_names_is_not_reported() {
    let config = AnalysisConfig::default();
    let git = "        resolver: git\n        params:\n          - name: url\n            value: https://example.com/tasks.git\n          - name: pathInRepo\n            value: git-clone.yaml";
    let hub = "        resolver: hub\n        params:\n          - name: name\n            value: elsewhere";
    for task_ref in [git, hub] {
        let text = pipeline(task_ref);
        let found = check(&[("pipelines/build.yaml", &text)], &config);
        assert!(found.is_empty(), "{task_ref}: {found:#?}");
    }
}
