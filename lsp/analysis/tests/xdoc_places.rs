//! Every rule across documents in every place a reference can appear (issue 13: the checks
//! once ran for a Pipeline's tasks but not for the same tasks inside a PipelineRun's inline
//! `pipelineSpec`).
//!
//! Each case is one rule and the fragments that trigger it, written once at column 0 with `«`
//! and `»` around the spans it must report; the test puts each fragment into every place of its
//! kind and requires exactly those spans from `check_references` there:
//! - a pipeline fragment (a PipelineSpec body) into a Pipeline's `spec` and a PipelineRun's
//!   `pipelineSpec`, and, for cases whose `tasks` may as well be `finally` tasks, into the
//!   `finally` of both;
//! - a TaskRun fragment (a TaskRun `spec` with a `taskRef`) and a PipelineRun fragment (with a
//!   `pipelineRef`);
//! - a TaskSpec fragment (steps with `ref`) into a Task, a TaskRun's `taskSpec` and a pipeline
//!   task's `taskSpec` in each pipeline place.
//!
//! The referenced Task `t`, Pipeline `p` and StepAction `s` live in another file of the
//! workspace, as they usually do.

use tekton_analysis::{AnalysisConfig, FileRef, Span, Workspace, analyze_file, rules};

/// Every rule `check_references` reports. A new one must get a case below.
const CROSS_DOCUMENT_RULES: &[&str] = &[
    "run-param-missing",
    "run-param-type-mismatch",
    "param-enum-value-invalid",
    "param-enum-not-subset",
    "run-param-object-keys-missing",
    "pipeline-task-extra-param",
    "run-workspace-missing",
    "run-workspace-unknown",
    "optional-workspace-to-required",
    "step-spec-unknown-step",
    "stepaction-params-mismatch",
    "param-array-index-out-of-bounds",
    "ref-unresolvable",
    "result-ref-unknown-result",
    "matrix-result-not-string",
    "taskrunspec-unknown-pipeline-task",
];

const TARGETS: &str = "\
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: t
spec:
  params:
    - name: url
    - name: flavour
      default: plain
      enum: [plain, fancy]
    - name: args
      type: array
      default: [a]
    - name: settings
      type: object
      properties: {host: {}, port: {}}
      default: {host: h, port: p}
  workspaces:
    - name: output
    - name: cache
      optional: true
  results:
    - name: digest
    - name: list
      type: array
  steps:
    - name: build
      image: alpine
      script: echo $(params.args[1]) $(params.url)
---
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: p
spec:
  params:
    - name: url
    - name: flavour
      default: plain
      enum: [plain, fancy]
    - name: args
      type: array
      default: [a]
    - name: settings
      type: object
      properties: {host: {}, port: {}}
      default: {host: h, port: p}
  workspaces:
    - name: output
  tasks:
    - name: build
      taskRef:
        name: t
      params:
        - name: url
          value: $(params.args[1])
      workspaces:
        - name: output
          workspace: output
---
apiVersion: tekton.dev/v1beta1
kind: StepAction
metadata:
  name: s
spec:
  params:
    - name: url
  image: alpine
  script: echo $(params.url)
";

#[derive(Default)]
struct Case {
    rule: &'static str,
    /// A PipelineSpec body whose tasks reference `t`.
    pipeline: Option<&'static str>,
    /// Whether the pipeline fragment's `tasks` are also tried as `finally` tasks.
    finally: bool,
    /// A TaskRun spec referencing `t`.
    task_run: Option<&'static str>,
    /// A PipelineRun spec referencing `p`.
    pipeline_run: Option<&'static str>,
    /// A TaskSpec body whose steps reference `s`.
    task_spec: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: "run-param-missing",
            pipeline: Some("tasks:\n  - name: a\n    taskRef:\n      name: «t»\n"),
            finally: true,
            task_run: Some("taskRef:\n  name: «t»\n"),
            pipeline_run: Some("pipelineRef:\n  name: «p»\n"),
            ..Case::default()
        },
        Case {
            rule: "run-param-type-mismatch",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: t\n    params:\n      - name: args\n        value: «one»\n",
            ),
            finally: true,
            task_run: Some("taskRef:\n  name: t\nparams:\n  - name: args\n    value: «one»\n"),
            pipeline_run: Some(
                "pipelineRef:\n  name: p\nparams:\n  - name: args\n    value: «one»\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "param-enum-value-invalid",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: t\n    params:\n      - name: flavour\n        value: «odd»\n",
            ),
            finally: true,
            task_run: Some("taskRef:\n  name: t\nparams:\n  - name: flavour\n    value: «odd»\n"),
            pipeline_run: Some(
                "pipelineRef:\n  name: p\nparams:\n  - name: flavour\n    value: «odd»\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "param-enum-not-subset",
            pipeline: Some(
                "params:\n  - name: choice\ntasks:\n  - name: a\n    taskRef:\n      name: t\n    params:\n      - name: flavour\n        value: «$(params.choice)»\n",
            ),
            finally: true,
            ..Case::default()
        },
        Case {
            rule: "run-param-object-keys-missing",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: t\n    params:\n      - name: settings\n        value: «{host: h}»\n",
            ),
            finally: true,
            task_run: Some(
                "taskRef:\n  name: t\nparams:\n  - name: settings\n    value: «{host: h}»\n",
            ),
            pipeline_run: Some(
                "pipelineRef:\n  name: p\nparams:\n  - name: settings\n    value: «{host: h}»\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "pipeline-task-extra-param",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: t\n    params:\n      - name: «urll»\n        value: x\n",
            ),
            finally: true,
            task_run: Some("taskRef:\n  name: t\nparams:\n  - name: «urll»\n    value: x\n"),
            pipeline_run: Some(
                "pipelineRef:\n  name: p\nparams:\n  - name: «urll»\n    value: x\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "run-workspace-missing",
            pipeline: Some("tasks:\n  - name: a\n    taskRef:\n      name: «t»\n"),
            finally: true,
            task_run: Some("taskRef:\n  name: «t»\n"),
            pipeline_run: Some("pipelineRef:\n  name: «p»\n"),
            ..Case::default()
        },
        Case {
            rule: "run-workspace-unknown",
            pipeline: Some(
                "workspaces:\n  - name: shared\ntasks:\n  - name: a\n    taskRef:\n      name: t\n    workspaces:\n      - name: «outptu»\n        workspace: shared\n",
            ),
            finally: true,
            task_run: Some(
                "taskRef:\n  name: t\nworkspaces:\n  - name: «outptu»\n    emptyDir: {}\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "optional-workspace-to-required",
            pipeline: Some(
                "workspaces:\n  - name: shared\n    optional: true\ntasks:\n  - name: a\n    taskRef:\n      name: t\n    workspaces:\n      - name: output\n        workspace: «shared»\n",
            ),
            finally: true,
            ..Case::default()
        },
        Case {
            rule: "step-spec-unknown-step",
            task_run: Some(
                "taskRef:\n  name: t\nstepSpecs:\n  - name: «biuld»\n    computeResources: {}\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "stepaction-params-mismatch",
            task_spec: Some(
                "steps:\n  - name: use\n    ref:\n      name: «s»\n  - name: typo\n    ref:\n      name: s\n    params:\n      - name: url\n        value: x\n      - name: «urll»\n        value: x\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "param-array-index-out-of-bounds",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: «t»\n  - name: b\n    taskRef:\n      name: t\n    params:\n      - name: args\n        value: «[a]»\n",
            ),
            finally: true,
            task_run: Some("taskRef:\n  name: «t»\n"),
            pipeline_run: Some("pipelineRef:\n  name: «p»\n"),
            ..Case::default()
        },
        Case {
            rule: "ref-unresolvable",
            pipeline: Some("tasks:\n  - name: a\n    taskRef:\n      name: «elsewhere»\n"),
            finally: true,
            task_run: Some("taskRef:\n  name: «elsewhere»\n"),
            pipeline_run: Some("pipelineRef:\n  name: «elsewhere»\n"),
            task_spec: Some("steps:\n  - name: use\n    ref:\n      name: «elsewhere»\n"),
        },
        Case {
            // Producers are `tasks`; consumers in `tasks` and in `finally`.
            rule: "result-ref-unknown-result",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: t\n  - name: b\n    taskRef:\n      name: t\n    params:\n      - name: url\n        value: $(tasks.a.results.«digets»)\nfinally:\n  - name: c\n    taskRef:\n      name: t\n    params:\n      - name: url\n        value: $(tasks.a.results.«digets»)\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "matrix-result-not-string",
            pipeline: Some(
                "tasks:\n  - name: a\n    taskRef:\n      name: t\n    matrix:\n      params:\n        - name: flavour\n          value: [plain, fancy]\n  - name: b\n    taskRef:\n      name: t\n    params:\n      - name: args\n        value: «$(tasks.a.results.list[*])»\nfinally:\n  - name: c\n    taskRef:\n      name: t\n    params:\n      - name: args\n        value: «$(tasks.a.results.list[*])»\n",
            ),
            ..Case::default()
        },
        Case {
            rule: "taskrunspec-unknown-pipeline-task",
            pipeline_run: Some(
                "pipelineRef:\n  name: p\ntaskRunSpecs:\n  - pipelineTaskName: «biuld»\n",
            ),
            ..Case::default()
        },
    ]
}

fn indent(text: &str, by: usize) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{:by$}{line}\n", "")
            }
        })
        .collect()
}

fn document(api_version: &str, kind: &str, spec: &str) -> String {
    format!(
        "apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: here\nspec:\n{}",
        indent(spec, 2)
    )
}

/// The pipeline fragment with its `tasks` made `finally` tasks (after one plain task).
fn as_finally(pipeline: &str) -> String {
    pipeline.replacen(
        "tasks:\n",
        "tasks:\n  - name: first\n    taskSpec:\n      steps:\n        - image: alpine\nfinally:\n",
        1,
    )
}

/// Every place for the case's fragments: (place, marked document).
fn places(case: &Case) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pipelines = Vec::new();
    if let Some(pipeline) = case.pipeline {
        pipelines.push(("tasks", pipeline.to_owned()));
        if case.finally {
            pipelines.push(("finally", as_finally(pipeline)));
        }
    }
    if let Some(task_spec) = case.task_spec {
        out.push((
            "Task".to_owned(),
            document("tekton.dev/v1", "Task", task_spec),
        ));
        out.push((
            "TaskRun taskSpec".to_owned(),
            document(
                "tekton.dev/v1",
                "TaskRun",
                &format!("taskSpec:\n{}", indent(task_spec, 2)),
            ),
        ));
        let embedding = format!(
            "tasks:\n  - name: a\n    taskSpec:\n{}",
            indent(task_spec, 6)
        );
        pipelines.push(("tasks' taskSpec", embedding.clone()));
        pipelines.push(("finally's taskSpec", as_finally(&embedding)));
    }
    for (section, pipeline) in pipelines {
        out.push((
            format!("Pipeline {section}"),
            document("tekton.dev/v1", "Pipeline", &pipeline),
        ));
        out.push((
            format!("PipelineRun pipelineSpec {section}"),
            document(
                "tekton.dev/v1",
                "PipelineRun",
                &format!("pipelineSpec:\n{}", indent(&pipeline, 2)),
            ),
        ));
    }
    if let Some(spec) = case.task_run {
        out.push((
            "TaskRun taskRef".to_owned(),
            document("tekton.dev/v1", "TaskRun", spec),
        ));
    }
    if let Some(spec) = case.pipeline_run {
        out.push((
            "PipelineRun pipelineRef".to_owned(),
            document("tekton.dev/v1", "PipelineRun", spec),
        ));
    }
    out
}

/// The text without `«»`, and the spans they marked.
fn strip_markers(marked: &str) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut open = Vec::new();
    for c in marked.chars() {
        match c {
            '«' => open.push(text.len()),
            '»' => spans.push(Span::new(open.pop().expect("» after «"), text.len())),
            _ => text.push(c),
        }
    }
    spans.sort();
    (text, spans)
}

fn config() -> AnalysisConfig {
    let mut config = AnalysisConfig::default();
    config.feature_flags.enable_param_enum = true;
    config
}

#[test]
fn every_cross_document_rule_reports_in_every_place_a_reference_can_appear() {
    let config = config();
    let here = FileRef::from("here.yaml");
    let mut workspace = Workspace::new();
    workspace.insert("targets.yaml".into(), analyze_file(TARGETS, &config));
    let cases = cases();
    for rule in CROSS_DOCUMENT_RULES {
        assert!(rules::lookup(rule).is_some(), "{rule} is no rule id");
        assert!(cases.iter().any(|c| c.rule == *rule), "{rule} has no case");
    }
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            CROSS_DOCUMENT_RULES.contains(&case.rule),
            "{} is not listed",
            case.rule
        );
        for (place, marked) in places(case) {
            let (text, expected) = strip_markers(&marked);
            workspace.insert(here.clone(), analyze_file(&text, &config));
            let found = rules::check_references(&workspace, &here, &config);
            let mut got: Vec<Span> = found
                .iter()
                .filter(|d| d.rule == case.rule)
                .map(|d| d.span)
                .collect();
            got.sort();
            if got != expected {
                let show = |spans: &[Span]| {
                    spans
                        .iter()
                        .map(|s| text[s.start..s.end].to_owned())
                        .collect::<Vec<_>>()
                };
                failures.push(format!(
                    "{} in {place}: expected {:?}, got {:?} in\n{text}",
                    case.rule,
                    show(&expected),
                    show(&got)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
