//! Go to definition, find references and rename at a `█` cursor, across files.

mod support;

use support::{BUILD_TASK, fixture};
use tekton_analysis::TextEdit;
use tekton_ide::{Location, WorkspaceEdit, definition, prepare_rename, references, rename};

/// `file:text-of-span` for each location.
fn show(fixture: &support::Fixture, locations: &[Location]) -> Vec<String> {
    locations
        .iter()
        .map(|l| {
            let text = support::text(fixture, l.file.as_str());
            let line = text[..l.span.start].matches('\n').count() + 1;
            format!("{}:{line}:{}", l.file, &text[l.span.start..l.span.end])
        })
        .collect()
}

const PIPELINE: &str = "\
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  params:
    - name: repo
  workspaces:
    - name: shared
  tasks:
    - name: build
      taskRef:
        name: build
      params:
        - name: revision
          value: $(params.repo)
      workspaces:
        - name: source
          workspace: shared
    - name: deploy
      runAfter: [build]
      when:
        - input: $(tasks.build.results.digest)
          operator: in
          values: [a]
      taskSpec:
        params:
          - name: own
        steps:
          - image: kubectl
            script: echo $(params.repo) $(params.own)
  results:
    - name: image
      value: $(tasks.build.results.url)
";

const RUN: &str = "\
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: release-run
spec:
  pipelineRef:
    name: release
  params:
    - name: repo
      value: https://example.com/app.git
  taskRunSpecs:
    - pipelineTaskName: build
";

fn files(pipeline: &str) -> Vec<(&'static str, String)> {
    vec![
        ("task.yaml", BUILD_TASK.to_owned()),
        ("pipeline.yaml", pipeline.to_owned()),
        ("run.yaml", RUN.to_owned()),
    ]
}

/// The fixture with the cursor placed before the `n`-th (0-based) occurrence of `needle` in
/// `file`.
fn at(file: &str, needle: &str, n: usize) -> support::Fixture {
    let mut texts = files(PIPELINE);
    for (name, text) in &mut texts {
        if *name == file {
            let (offset, _) = text.match_indices(needle).nth(n).expect("the needle");
            text.insert(offset + 1, '█');
        }
    }
    let borrowed: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    fixture(&borrowed)
}

#[test]
fn pipeline_params_resolve_in_tasks_embedded_specs_and_runs() {
    let f = at("pipeline.yaml", "repo)", 1);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset)),
        ["pipeline.yaml:7:repo"]
    );
    assert_eq!(
        show(&f, &references(&f.workspace, &f.file, f.offset, true)),
        [
            "pipeline.yaml:7:repo",
            "pipeline.yaml:16:repo",
            "pipeline.yaml:31:repo",
            "run.yaml:9:repo"
        ]
    );
    // The embedded spec's own param is its own.
    let f = at("pipeline.yaml", "own)", 0);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset)),
        ["pipeline.yaml:28:own"]
    );
}

#[test]
fn task_params_results_and_workspaces_across_files() {
    let f = at("pipeline.yaml", "revision", 0);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset)),
        ["task.yaml:8:revision"]
    );
    let f = at("pipeline.yaml", "digest", 0);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset)),
        ["task.yaml:20:digest"]
    );
    let f = at("task.yaml", "url", 0);
    assert_eq!(
        show(&f, &references(&f.workspace, &f.file, f.offset, false)),
        ["pipeline.yaml:34:url"]
    );
    let f = at("pipeline.yaml", "source", 0);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset)),
        ["task.yaml:16:source"]
    );
    let f = at("pipeline.yaml", "shared", 1);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset)),
        ["pipeline.yaml:9:shared"]
    );
}

#[test]
fn pipeline_tasks_from_run_after_references_when_and_runs() {
    let f = at("pipeline.yaml", "- name: build", 0);
    assert_eq!(
        show(&f, &references(&f.workspace, &f.file, f.offset + 7, true)),
        [
            "pipeline.yaml:11:build",
            "pipeline.yaml:21:build",
            "pipeline.yaml:23:build",
            "pipeline.yaml:34:build",
            "run.yaml:12:build",
        ]
    );
}

#[test]
fn task_ref_goes_to_the_referenced_document() {
    let f = at("pipeline.yaml", "name: build", 1);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset + 6)),
        ["task.yaml:4:build"]
    );
    let f = at("run.yaml", "name: release", 1);
    assert_eq!(
        show(&f, &definition(&f.workspace, &f.file, f.offset + 6)),
        ["pipeline.yaml:4:release"]
    );
}

fn apply(fixture: &support::Fixture, edit: &WorkspaceEdit, file: &str) -> String {
    let mut text = support::text(fixture, file).to_owned();
    let edits: &[TextEdit] = edit.get(&file.into()).map_or(&[], Vec::as_slice);
    for edit in edits.iter().rev() {
        text.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    text
}

#[test]
fn rename_a_task_param_across_files() {
    let f = at("task.yaml", "revision", 0);
    let span = prepare_rename(&f.workspace, &f.file, f.offset).expect("renamable");
    assert_eq!(
        &support::text(&f, "task.yaml")[span.start..span.end],
        "revision"
    );
    let edit = rename(&f.workspace, &f.file, f.offset, "commit").expect("renamed");
    assert_eq!(
        edit.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["pipeline.yaml", "task.yaml"]
    );
    assert!(
        apply(&f, &edit, "task.yaml").contains("    - name: commit\n      description: The commit")
    );
    assert!(
        apply(&f, &edit, "pipeline.yaml")
            .contains("        - name: commit\n          value: $(params.repo)")
    );
}

#[test]
fn rename_a_pipeline_task_everywhere() {
    let f = at("pipeline.yaml", "runAfter: [build]", 0);
    let edit = rename(&f.workspace, &f.file, f.offset + 11, "compile").expect("renamed");
    let pipeline = apply(&f, &edit, "pipeline.yaml");
    assert!(
        pipeline.contains("    - name: compile\n      taskRef:\n        name: build\n"),
        "{pipeline}"
    );
    assert!(
        pipeline.contains("runAfter: [compile]")
            && pipeline.contains("$(tasks.compile.results.digest)")
            && pipeline.contains("$(tasks.compile.results.url)"),
        "{pipeline}"
    );
    assert!(apply(&f, &edit, "run.yaml").contains("pipelineTaskName: compile"));
}

#[test]
fn rename_refuses_what_it_cannot_do_safely() {
    let refuse = |file: &str, needle: &str, n: usize, shift: usize, new_name: &str| {
        let f = at(file, needle, n);
        rename(&f.workspace, &f.file, f.offset + shift, new_name)
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(
        refuse("pipeline.yaml", "runAfter: [build]", 0, 11, "Build"),
        "`Build` is not a valid pipeline task name: use lowercase letters, digits and `-`, starting and ending with a letter or digit (a DNS label)"
    );
    assert_eq!(
        refuse("pipeline.yaml", "runAfter: [build]", 0, 11, "deploy"),
        "`deploy` is already the name of another pipeline task here (pipeline.yaml:20:13); choose another name"
    );
    assert_eq!(
        refuse("pipeline.yaml", "name: build", 1, 6, "compile"),
        "a Task is renamed by its `metadata.name`, which clusters and other repositories may refer to as well; rename it by hand"
    );
    assert_eq!(
        refuse("pipeline.yaml", "echo", 0, 0, "x"),
        "there is no param, result, workspace, pipeline task or step name here to rename"
    );
    // A binding without `workspace:` names the Task's and the Pipeline's workspace at once.
    let pipeline = PIPELINE.replace("          workspace: shared\n", "");
    let pipeline = pipeline.replace("    - name: shared\n", "    - name: source\n");
    let texts = files(&pipeline.replacen("- name: source\n  tasks", "- name: so█urce\n  tasks", 1));
    let borrowed: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let f = fixture(&borrowed);
    assert_eq!(
        rename(&f.workspace, &f.file, f.offset, "src")
            .expect_err("refused")
            .to_string(),
        "the workspace binding at pipeline.yaml:18:17 has no `workspace:`, so its `name` is both the Task's workspace and the Pipeline's; add `workspace: source` to it first"
    );
}

#[test]
fn rename_refuses_when_the_task_is_ambiguous() {
    let copy = BUILD_TASK.replace(
        "description: Builds the image.",
        "description: Another copy.",
    );
    let texts = [
        (
            "task.yaml",
            BUILD_TASK.replace("name: revision", "name: revi█sion"),
        ),
        ("copy.yaml", copy),
        ("pipeline.yaml", PIPELINE.to_owned()),
    ];
    let borrowed: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let f = fixture(&borrowed);
    assert_eq!(
        rename(&f.workspace, &f.file, f.offset, "commit")
            .expect_err("refused")
            .to_string(),
        "pipeline.yaml:13:15 refers to Task `build`, which 2 documents of the workspace define, so its uses of the param cannot be told apart; make the names unique first"
    );
}
