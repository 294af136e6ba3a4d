//! Completion at a `█` cursor, including in half-typed documents.

mod support;

use support::{BUILD_TASK, fixture, single};
use tekton_ide::{CompletionItem, completions};

fn complete(fixture: &support::Fixture) -> Vec<CompletionItem> {
    completions(&fixture.workspace, &fixture.file, fixture.offset)
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|item| item.label.as_str()).collect()
}

/// The text after applying `label`'s edit.
fn apply(fixture: &support::Fixture, label: &str) -> String {
    let items = complete(fixture);
    let item = items
        .iter()
        .find(|item| item.label == label)
        .unwrap_or_else(|| panic!("no item {label:?} in {:?}", labels(&items)));
    let text = support::text(fixture, fixture.file.as_str());
    let span = item.edit.span;
    format!(
        "{}{}{}",
        &text[..span.start],
        item.edit.new_text,
        &text[span.end..]
    )
}

const PIPELINE_HEAD: &str = "\
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  params:
    - name: repo
    - name: targets
      type: array
    - name: settings
      type: object
      properties:
        region: {}
  workspaces:
    - name: shared
  tasks:
    - name: fetch
      taskSpec:
        results:
          - name: commit
        steps:
          - image: git
    - name: build
      runAfter: [fetch]
      taskRef:
        name: build
";

#[test]
fn run_after_in_an_open_flow_list() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!(
                "{PIPELINE_HEAD}    - name: test\n      runAfter: [█\n  finally:\n    - name: notify\n      taskRef: {{name: build}}\n"
            ),
        ),
    ]);
    // Not itself, not the finally task.
    assert_eq!(labels(&complete(&f)), ["build", "fetch"]);
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!("{PIPELINE_HEAD}    - name: test\n      runAfter: [fetch, █]\n"),
        ),
    ]);
    assert_eq!(labels(&complete(&f)), ["build"]);
}

#[test]
fn run_after_leaves_out_tasks_that_would_close_a_cycle() {
    // `build` runs after `fetch`, so `fetch` cannot run after `build`.
    let text = PIPELINE_HEAD.replace(
        "    - name: fetch\n",
        "    - name: fetch\n      runAfter:\n        - █\n",
    );
    let f = fixture(&[("task.yaml", BUILD_TASK), ("pipeline.yaml", &text)]);
    assert_eq!(labels(&complete(&f)), Vec::<&str>::new());
}

#[test]
fn params_after_an_open_reference() {
    let f = single(&format!(
        "{PIPELINE_HEAD}      params:\n        - name: revision\n          value: $(params.█\n"
    ));
    assert_eq!(
        labels(&complete(&f)),
        [
            "params.repo",
            "params.settings.region",
            "params.settings[*]",
            "params.targets",
            "params.targets[*]",
        ]
    );
    assert_eq!(
        apply(&f, "params.repo").lines().last(),
        Some("          value: $(params.repo)")
    );
}

#[test]
fn task_results_after_tasks() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!(
                "{PIPELINE_HEAD}    - name: deploy\n      params:\n        - name: digest\n          value: \"$(tasks.█\"\n"
            ),
        ),
    ]);
    assert_eq!(
        labels(&complete(&f)),
        [
            "tasks.build.results.digest",
            "tasks.build.results.url",
            "tasks.fetch.results.commit"
        ]
    );
    // In `fetch` itself, only tasks that may run before it: not itself, not `build` (after it).
    let text = PIPELINE_HEAD.replace(
        "          - image: git\n",
        "          - image: git\n      params:\n        - name: x\n          value: $(tasks.█)\n",
    );
    let f = fixture(&[("task.yaml", BUILD_TASK), ("pipeline.yaml", &text)]);
    assert_eq!(labels(&complete(&f)), Vec::<&str>::new());
}

#[test]
fn results_the_referenced_task_declares_in_another_file() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!(
                "{PIPELINE_HEAD}    - name: deploy\n      when:\n        - input: $(tasks.build.results.█)\n"
            ),
        ),
    ]);
    let items = complete(&f);
    assert_eq!(
        labels(&items),
        ["tasks.build.results.digest", "tasks.build.results.url"]
    );
    assert_eq!(items[0].documentation.as_deref(), Some("The image digest."));
    // The `)` is there already: only the name is inserted.
    assert_eq!(
        apply(&f, "tasks.build.results.url").lines().last(),
        Some("        - input: $(tasks.build.results.url)")
    );
}

#[test]
fn a_key_typed_without_its_colon() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        ("pipeline.yaml", &format!("{PIPELINE_HEAD}      ti█\n")),
    ]);
    let items = complete(&f);
    let keys = labels(&items);
    assert!(
        keys.contains(&"timeout") && keys.contains(&"params"),
        "{keys:?}"
    );
    // Present keys are not offered again.
    assert!(
        !keys.contains(&"runAfter") && !keys.contains(&"name"),
        "{keys:?}"
    );
    let timeout = items
        .iter()
        .find(|i| i.label == "timeout")
        .expect("timeout");
    assert_eq!(timeout.edit.new_text, "timeout: $0");
    assert_eq!(timeout.detail.as_deref(), Some("string"));
    assert!(
        timeout
            .documentation
            .as_deref()
            .is_some_and(|d| d.contains("Go duration"))
    );
}

#[test]
fn required_keys_come_first() {
    let f =
        single("apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - env:\n        - █\n");
    let items = complete(&f);
    assert_eq!(items[0].label, "name");
    assert!(
        items[0]
            .documentation
            .as_deref()
            .is_some_and(|d| d.ends_with("Required."))
    );
    // The Kubernetes description of an embedded core type.
    let value_from = items
        .iter()
        .find(|i| i.label == "valueFrom")
        .expect("valueFrom");
    assert_eq!(value_from.detail.as_deref(), Some("EnvVarSource"));
}

#[test]
fn cursor_in_the_second_document() {
    let f = single(&format!(
        "{BUILD_TASK}---\napiVersion: tekton.dev/v1\nkind: TaskRun\nspec:\n  taskRef:\n    name: █\n"
    ));
    assert_eq!(labels(&complete(&f)), ["build"]);
}

#[test]
fn an_empty_file() {
    let f = single("█");
    let items = complete(&f);
    assert_eq!(
        labels(&items),
        [
            "apiVersion",
            "kind",
            "metadata",
            "spec",
            "Pipeline",
            "PipelineRun",
            "Task",
            "TaskRun"
        ]
    );
    let task = apply(&f, "Task");
    assert!(
        task.starts_with(
            "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: ${1:name}\nspec:\n  steps:\n"
        ),
        "{task}"
    );
}

#[test]
fn a_file_with_tabs() {
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n\tsteps:\n\t  - name: a\n\t    onError: █\n",
    );
    assert_eq!(labels(&complete(&f)), ["continue", "stopAndFail"]);
}

#[test]
fn a_cursor_past_the_end_of_a_line() {
    // The server moves a position past a line's end to the end of the line.
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  params:\n    - name: x\n      type:█\n",
    );
    let items = complete(&f);
    assert_eq!(labels(&items), ["array", "object", "string"]);
    // Right after the colon, the value gets its space.
    assert_eq!(items[2].edit.new_text, " string");
}

#[test]
fn non_ascii_text_before_the_cursor() {
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  annotations:\n    note: \"Größe — ✓ 構築\"\nspec:\n  steps:\n    - name: ü\n      script: |\n        echo \"é $(params.█\n  params:\n    - name: größe\n",
    );
    assert_eq!(labels(&complete(&f)), ["params.größe"]);
}

#[test]
fn enumerated_values_and_booleans() {
    let pipeline = |line: &str| single(&format!("{PIPELINE_HEAD}{line}"));
    assert_eq!(
        labels(&complete(&pipeline("      onError: █\n"))),
        ["continue", "stopAndFail"]
    );
    assert_eq!(
        labels(&complete(&pipeline(
            "      when:\n        - input: a\n          operator: █\n"
        ))),
        ["in", "notin"]
    );
    assert_eq!(
        labels(&complete(&pipeline(
            "      taskRef: {name: build, kind: █}\n"
        ))),
        ["Task"]
    );
    let optional = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  workspaces:\n    - name: w\n      optional: █\n",
    );
    assert_eq!(labels(&complete(&optional)), ["false", "true"]);
    let version = single("apiVersion: █\nkind: Pipeline\n");
    assert_eq!(
        labels(&complete(&version)),
        ["tekton.dev/v1", "tekton.dev/v1beta1"]
    );
    // Only the kinds served in the version written (StepAction is not in v1).
    let kind = single("apiVersion: tekton.dev/v1\nkind: █\n");
    assert_eq!(
        labels(&complete(&kind)),
        ["Pipeline", "PipelineRun", "Task", "TaskRun"]
    );
    let kind = single("apiVersion: tekton.dev/v1beta1\nkind: Step█\n");
    assert!(labels(&complete(&kind)).contains(&"StepAction"));
}

#[test]
fn names_from_the_workspace() {
    let other = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: lint\nspec:\n  steps: [{image: a}]\n";
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        ("lint.yaml", other),
        (
            "pipeline.yaml",
            &format!("{PIPELINE_HEAD}    - name: check\n      taskRef:\n        name: l█\n"),
        ),
    ]);
    let items = complete(&f);
    assert_eq!(labels(&items), ["build", "lint"]);
    assert_eq!(items[0].detail.as_deref(), Some("Task in task.yaml"));
    assert_eq!(items[0].edit.new_text, "build");
}

#[test]
fn params_and_workspaces_the_task_declares_and_are_not_given() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!(
                "{PIPELINE_HEAD}      params:\n        - name: image\n          value: x\n        - name: █\n"
            ),
        ),
    ]);
    let items = complete(&f);
    assert_eq!(labels(&items), ["revision", "flags"]);
    assert_eq!(
        items[0].detail.as_deref(),
        Some("string param of the Task, required")
    );
    assert_eq!(
        items[0].documentation.as_deref(),
        Some("The commit to build.")
    );
    // A new item gets its name and a placeholder value of the param's type.
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!("{PIPELINE_HEAD}      params:\n        - █\n"),
        ),
    ]);
    let text = apply(&f, "flags");
    assert!(
        text.ends_with("      params:\n        - name: flags\n          value: ${1:[]}\n"),
        "{text}"
    );
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!("{PIPELINE_HEAD}      workspaces:\n        - █\n"),
        ),
    ]);
    let items = complete(&f);
    assert!(
        labels(&items).starts_with(&["source", "cache"]),
        "{:?}",
        labels(&items)
    );
    assert_eq!(
        items[0].edit.new_text,
        "name: source\n          workspace: ${1:shared}"
    );
}

#[test]
fn snippets_for_whole_blocks() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        ("pipeline.yaml", &format!("{PIPELINE_HEAD}    █\n")),
    ]);
    let items = complete(&f);
    let build = items
        .iter()
        .find(|i| i.label == "build")
        .expect("a snippet for Task build");
    assert_eq!(
        build.edit.new_text,
        "- name: ${1:build}\n      taskRef:\n        name: build\n      params:\n        - name: revision\n          value: ${2:\"\"}\n      workspaces:\n        - name: source\n          workspace: ${3:source}"
    );
    assert!(labels(&items).contains(&"task (taskRef)"));
    let step = single("apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - █\n");
    let text = apply(&step, "step");
    assert!(text.ends_with("  steps:\n    - name: ${1:step}\n      image: ${2:image}\n      script: |\n        $0\n"), "{text}");
    let when = single(&format!("{PIPELINE_HEAD}      when:\n        - █\n"));
    assert!(labels(&complete(&when)).contains(&"when"));
    let param = single("apiVersion: tekton.dev/v1\nkind: Pipeline\nspec:\n  params:\n    - █\n");
    assert!(labels(&complete(&param)).contains(&"param"));
}

#[test]
fn task_variables_in_steps() {
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  params:\n    - name: p\n  results:\n    - name: out\n  workspaces:\n    - name: src\n  steps:\n    - name: first\n      results:\n        - name: r1\n    - name: second\n      results:\n        - name: r2\n      script: |\n        cat $(█\n    - name: third\n      results:\n        - name: r3\n",
    );
    let items = complete(&f);
    let labels = labels(&items);
    for expected in [
        "params.p",
        "results.out.path",
        "workspaces.src.path",
        "workspaces.src.bound",
        "context.taskRun.name",
        "context.task.retry-count",
        "steps.first.results.r1",
        "steps.step-first.exitCode.path",
        "step.results.r2.path",
    ] {
        assert!(
            labels.contains(&expected),
            "{expected} missing from {labels:?}"
        );
    }
    assert!(
        !labels
            .iter()
            .any(|l| l.contains("third") || l.contains("r3")),
        "{labels:?}"
    );
}

#[test]
fn finally_tasks_see_execution_status() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        (
            "pipeline.yaml",
            &format!(
                "{PIPELINE_HEAD}  finally:\n    - name: report\n      params:\n        - name: s\n          value: $(tasks.█\n"
            ),
        ),
    ]);
    let items = complete(&f);
    let labels = labels(&items);
    assert!(
        labels.contains(&"tasks.build.status") && labels.contains(&"tasks.status"),
        "{labels:?}"
    );
    assert!(labels.contains(&"tasks.fetch.results.commit"), "{labels:?}");
}

#[test]
fn a_run_gets_the_params_and_workspaces_its_pipeline_declares() {
    let pipeline = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: release\nspec:\n  params:\n    - name: repo\n      description: Where the sources are.\n    - name: mode\n      default: fast\n  workspaces:\n    - name: shared\n  tasks:\n    - name: a\n      taskRef: {name: build}\n";
    let run = |body: &str| {
        format!(
            "apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: r\nspec:\n  pipelineRef:\n    name: release\n{body}"
        )
    };
    let f = fixture(&[
        ("pipeline.yaml", pipeline),
        ("run.yaml", &run("  params:\n    - █\n")),
    ]);
    let items = complete(&f);
    assert!(
        labels(&items).starts_with(&["repo", "mode"]),
        "{:?}",
        labels(&items)
    );
    assert_eq!(
        items[0].detail.as_deref(),
        Some("string param of the Pipeline, required")
    );
    let f = fixture(&[
        ("pipeline.yaml", pipeline),
        ("run.yaml", &run("  workspaces:\n    - █\n")),
    ]);
    // As the editor inserts the snippet.
    let text = tekton_ide::completion::plain_text(&apply(&f, "shared"));
    assert!(
        text.ends_with("  workspaces:\n    - name: shared\n      emptyDir: {}\n"),
        "{text}"
    );
    let f = fixture(&[
        ("pipeline.yaml", pipeline),
        (
            "run.yaml",
            &run("  taskRunSpecs:\n    - pipelineTaskName: █\n"),
        ),
    ]);
    assert_eq!(labels(&complete(&f)), ["a"]);
}
