//! PipelineSpec rules: pipeline tasks (§1.E), the DAG and `finally` (§1.G), variables in
//! pipeline-task fields (§1.H), workspaces (§1.I) and results (§1.J).
//!
//! One pass collects every pipeline task with the string fields upstream reads variables from
//! (params, matrix, when, and for DAG tasks the embedded steps' fields); the DAG rules and the
//! variable rules both work from that list.

use super::engine::{
    Ctx, check_removed_resources, check_timeout, did_you_mean, is_dns_label, related, replace,
    report_duplicates,
};
use super::params::{self, DeclaredIn, PIPELINE_RULES, ParamDecl, ParamType};
use super::view::View;
use super::{bounds, edit, matrix, refs, task_spec, when};
use crate::config::ApiFields;
use crate::dag::{Dag, DagBuilder, Section, TaskId};
use crate::variables::{self, Access, Reference, Variable};
use crate::{Fix, Span};

/// Where a string of a pipeline task sits; decides which variable rules apply.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    /// A string `params[].value`.
    ParamString,
    /// An element of an array `params[].value`, of a `matrix.params[].value`, or a when value.
    ListElement,
    /// A when expression's `values` item: an array only when it is exactly `$(params.a[*])`
    /// (`ArrayReference` strips just that prefix and suffix), else a string.
    WhenValue,
    /// A value of an object `params[].value`, a matrix include value, a when `input` or `cel`.
    Scalar,
    /// Embedded step fields: only their result references matter here (DAG edges).
    Embedded,
}

struct PipelineTask<'t> {
    view: View<'t>,
    section: Section,
    name: Option<View<'t>>,
    id: Option<TaskId>,
    strings: Vec<(Place, View<'t>)>,
}

/// Why a pipeline task depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepKind {
    /// A `runAfter` entry.
    RunAfter,
    /// A `$(tasks.X.results...)` reference in the task's params, matrix, when expressions or
    /// (for DAG tasks) embedded steps.
    Result,
}

/// A dependency's place in the text and its kind.
#[derive(Clone, Copy, Debug)]
pub struct Dep {
    pub span: Span,
    pub kind: DepKind,
}

/// The graph of a PipelineSpec (`spec` of a Pipeline, or a run's `pipelineSpec`) as the rules
/// see it: every task of `tasks` and `finally`, and every dependency, from `runAfter` and from
/// result references, with its kind. For drawing the pipeline (the plugin's `graph`).
pub fn graph<'t>(text: &str, spec: View<'t>) -> Dag<'t, Dep> {
    PipelineGraph::new(text, spec).dag
}

fn pipeline_task<'t>(
    builder: &mut DagBuilder<'t, Dep>,
    view: View<'t>,
    section: Section,
) -> PipelineTask<'t> {
    let name = view.get("name").filter(|n| n.str().is_some());
    let id = name.and_then(View::str).map(|n| builder.task(n, section));
    PipelineTask {
        view,
        section,
        name,
        id,
        strings: strings(view, section),
    }
}

/// Dependencies: runAfter (DAG tasks only; #72 covers finally) and result references.
fn add_dependencies<'t>(text: &str, all: &[PipelineTask<'t>], builder: &mut DagBuilder<'t, Dep>) {
    for task in all {
        let Some(id) = task.id else { continue };
        if task.section == Section::Tasks {
            for entry in task.view.get("runAfter").into_iter().flat_map(View::items) {
                if let Some(target) = entry.str() {
                    builder.depend(
                        id,
                        target,
                        Dep {
                            span: entry.span(),
                            kind: DepKind::RunAfter,
                        },
                    );
                }
            }
        }
        for &(place, value) in &task.strings {
            if place == Place::Embedded && task.section == Section::Finally {
                continue;
            }
            let Some(value_text) = value.str() else {
                continue;
            };
            for reference in variables::references(value_text) {
                if let Variable::TaskResult { task: target, .. } = &reference.variable
                    && reference.is_expression()
                {
                    let span = value.sub_span(text, target.range.clone());
                    builder.depend(
                        id,
                        target.text,
                        Dep {
                            span,
                            kind: DepKind::Result,
                        },
                    );
                }
            }
        }
    }
}

/// A PipelineSpec's tasks (`tasks`, then `finally`) and the graph of their dependencies: each
/// `runAfter` entry of a DAG task, and each `$(tasks.X.results.R)` in a task's fields (for DAG
/// tasks also in their embedded steps). The rules below and the editor features (which tasks
/// may feed a reference, which may follow in `runAfter`) read the same graph.
pub struct PipelineGraph<'t> {
    tasks: Vec<PipelineTask<'t>>,
    dag: Dag<'t, Dep>,
}

impl<'t> PipelineGraph<'t> {
    /// The graph of `spec` (a Pipeline's `spec` or an embedded `pipelineSpec`); `text` is the
    /// file's text, which spans point into.
    pub fn new(text: &str, spec: View<'t>) -> Self {
        let mut builder = DagBuilder::new();
        let mut tasks = Vec::new();
        for (section, list) in [(Section::Tasks, "tasks"), (Section::Finally, "finally")] {
            for view in spec.get(list).into_iter().flat_map(View::items) {
                tasks.push(pipeline_task(&mut builder, view, section));
            }
        }
        add_dependencies(text, &tasks, &mut builder);
        PipelineGraph {
            tasks,
            dag: builder.build(),
        }
    }

    /// Every task with a string `name`, in order (`tasks`, then `finally`): its name, section
    /// and item.
    pub fn tasks(&self) -> impl Iterator<Item = (&'t str, Section, View<'t>)> + '_ {
        self.tasks
            .iter()
            .filter_map(|task| Some((task.name?.str()?, task.section, task.view)))
    }

    /// Whether DAG task `from` runs after DAG task `to` through its dependencies (`false` for
    /// unknown names and finally tasks).
    pub fn depends_on(&self, from: &str, to: &str) -> bool {
        match (self.dag.lookup(from), self.dag.lookup(to)) {
            (Some(from), Some(to)) => self.dag.depends_on(from, to),
            _ => false,
        }
    }
}

/// Runs the PipelineSpec rules on `spec` (a Pipeline's `spec` or a PipelineRun's
/// `pipelineSpec`). `propagated` are param names a run adds; `standalone` is a Pipeline
/// document (workspace usage is only checked there, #85).
pub(crate) fn check(cx: &mut Ctx<'_>, spec: View<'_>, propagated: &[&str], standalone: bool) {
    if spec.entries().next().is_none() {
        cx.report(
            "pipeline-spec-empty",
            spec.key_span(),
            "the pipeline spec is empty",
        );
        return;
    }
    check_removed_resources(cx, spec);
    let tasks: Vec<View<'_>> = spec
        .get("tasks")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let finally: Vec<View<'_>> = spec
        .get("finally")
        .into_iter()
        .flat_map(View::items)
        .collect();
    if tasks.is_empty()
        && !finally.is_empty()
        && let Some(list) = spec.get("finally")
    {
        cx.report(
            "finally-without-tasks",
            list.key_span(),
            format!("`tasks` is empty but `finally` has {} tasks", finally.len()),
        );
    }
    let embeds = tasks.iter().chain(&finally).any(|t| t.has("taskSpec"));
    params::check_declarations(
        cx,
        spec.get("params"),
        DeclaredIn::PipelineSpec {
            needs_properties: embeds,
        },
    );
    let decls = params::declarations(spec.get("params"));
    let mut names: Vec<&str> = decls.iter().map(|d| d.name).collect();
    names.extend_from_slice(propagated);

    let workspaces = check_workspace_declarations(cx, spec);
    for (section, list) in [(Section::Tasks, &tasks), (Section::Finally, &finally)] {
        for &view in list {
            check_task(
                cx,
                view,
                section,
                &names,
                standalone.then_some(&workspaces[..]),
            );
        }
    }
    let PipelineGraph { tasks: all, dag } = PipelineGraph::new(cx.text, spec);
    let dag_names: Vec<&str> = all
        .iter()
        .filter(|t| t.section == Section::Tasks)
        .filter_map(|t| t.name?.str())
        .collect();
    for duplicate in dag.duplicates() {
        let (Some(first), Some(second)) = (
            all.iter().find(|t| t.id == Some(duplicate.first)),
            all.iter().find(|t| t.id == Some(duplicate.duplicate)),
        ) else {
            continue;
        };
        if let (Some(first), Some(second)) = (first.name, second.name)
            && let Some(d) = cx.report(
                "pipeline-task-name-unique",
                second.span(),
                format!(
                    "pipeline task name `{}` is used more than once (across `tasks` and `finally`)",
                    second.str().unwrap_or_default()
                ),
            )
        {
            related(d, first.span(), "first used here");
        }
    }
    for (_, dep) in dag.self_loops() {
        cx.report(
            "dag-cycle",
            dep.payload.span,
            format!("cycle: task `{}` depends on itself", dep.target),
        );
    }
    for cycle in dag.cycles() {
        let mut path: Vec<&str> = cycle.path.iter().map(|&id| dag.name(id)).collect();
        path.push(dag.name(cycle.path[0]));
        let message = format!("cycle in the pipeline's tasks: {}", path.join(" → "));
        let spans: Vec<Span> = cycle
            .edges
            .iter()
            .filter_map(|&edge| dag.dependency(edge))
            .map(|dep| dep.payload.span)
            .collect();
        for (i, &span) in spans.iter().enumerate() {
            if let Some(d) = cx.report("dag-cycle", span, message.clone()) {
                for (j, &other) in spans.iter().enumerate() {
                    if i != j {
                        related(d, other, "another dependency of the cycle");
                    }
                }
            }
        }
    }
    let finally_names: Vec<&str> = all
        .iter()
        .filter(|t| t.section == Section::Finally)
        .filter_map(|t| t.name?.str())
        .collect();
    for (_, dep) in dag.unknown_targets() {
        let from_finally = dag
            .task(dep.from)
            .is_some_and(|t| t.section == Section::Finally);
        let (rule, what) = match (dep.payload.kind, from_finally) {
            (DepKind::RunAfter, _) => ("run-after-unknown-task", "runAfter names"),
            (DepKind::Result, false) => ("result-ref-unknown-task", "the result reference names"),
            (DepKind::Result, true) => (
                "finally-result-ref-unknown-task",
                "the result reference names",
            ),
        };
        let suggestion = did_you_mean(dep.target, dag_names.iter().copied());
        let mut message = format!(
            "{what} `{}`, which is not a task of this pipeline",
            dep.target
        );
        if let Some(s) = suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        if let Some(d) = cx.report(rule, dep.payload.span, message)
            && let Some(s) = suggestion
        {
            d.fix = Some(replace(format!("rename to `{s}`"), dep.payload.span, s));
        }
    }
    for (_, dep) in dag.finally_targets() {
        let from_finally = dag
            .task(dep.from)
            .is_some_and(|t| t.section == Section::Finally);
        match (from_finally, dep.payload.kind) {
            (false, _) => {
                cx.report(
                    "dag-depends-on-finally",
                    dep.payload.span,
                    format!("`{}` is a finally task; tasks cannot run after or use results of finally tasks", dep.target),
                );
            }
            (true, DepKind::Result) => {
                cx.report(
                    "finally-result-ref-finally",
                    dep.payload.span,
                    format!(
                        "a finally task cannot use results of the finally task `{}`",
                        dep.target
                    ),
                );
            }
            (true, DepKind::RunAfter) => {}
        }
    }
    let children: Vec<&str> = all
        .iter()
        .filter(|t| t.view.has("pipelineRef") || t.view.has("pipelineSpec"))
        .filter_map(|t| t.name?.str())
        .collect();
    for (_, dep) in dag.dependencies() {
        if matches!(dep.payload.kind, DepKind::Result) && children.contains(&dep.target) {
            cx.report(
                "result-ref-to-child-pipeline",
                dep.payload.span,
                format!(
                    "results of `{}`, a pipeline in a pipeline, cannot be referenced yet",
                    dep.target
                ),
            );
        }
    }

    check_redundant_run_after(cx, &all, &dag);

    let matrixed = matrix::Producer::inline(all.iter().map(|t| t.view));
    // §1.H; context variables only on the last task of each section (quirk 1).
    let last_tasks = all.iter().rposition(|t| t.section == Section::Tasks);
    let last_finally = all.iter().rposition(|t| t.section == Section::Finally);
    for (index, task) in all.iter().enumerate() {
        let check_context = Some(index) == last_tasks || Some(index) == last_finally;
        let declared = (spec, &decls[..]);
        check_task_variables(cx, task, declared, propagated, &dag_names, check_context);
        matrix::check_consumer(cx, task.view, &matrixed, true);
    }
    check_results(cx, spec, &dag_names, &finally_names);
    check_references(cx, &all, &dag, spec);
}

/// A `runAfter` entry on a task whose result the task already references: `PipelineTask.Deps`
/// puts both in one set, so the entry changes nothing.
fn check_redundant_run_after(cx: &mut Ctx<'_>, all: &[PipelineTask<'_>], dag: &Dag<'_, Dep>) {
    let deps: Vec<_> = dag.dependencies().map(|(_, dep)| dep).collect();
    for run_after in deps.iter().filter(|d| d.payload.kind == DepKind::RunAfter) {
        let Some(result) = deps.iter().find(|d| {
            d.payload.kind == DepKind::Result
                && d.from == run_after.from
                && d.target == run_after.target
        }) else {
            continue;
        };
        let list = all
            .iter()
            .find(|t| t.id == Some(run_after.from))
            .and_then(|t| t.view.get("runAfter"));
        let entry = list.and_then(|l| l.items().find(|i| i.span() == run_after.payload.span));
        let fix = list.zip(entry).and_then(|(list, entry)| {
            let edit = edit::remove_list_item(cx.text, list, entry)?;
            Some(Fix {
                title: format!("remove `{}` from `runAfter`", run_after.target),
                edits: vec![edit],
            })
        });
        if let Some(d) = cx.report(
            "run-after-redundant",
            run_after.payload.span,
            format!(
                "`{}` already runs first: this task uses its results",
                run_after.target
            ),
        ) {
            related(
                d,
                result.payload.span,
                "the result reference that orders them",
            );
            d.fix = fix;
        }
    }
}

/// #84; returns the declared names.
fn check_workspace_declarations<'t>(cx: &mut Ctx<'_>, spec: View<'t>) -> Vec<&'t str> {
    let declared = spec.get("workspaces");
    for (index, workspace) in declared.into_iter().flat_map(View::items).enumerate() {
        if workspace
            .get("name")
            .and_then(View::str)
            .is_none_or(str::is_empty)
        {
            cx.report(
                "pipeline-workspace-decl-invalid",
                workspace.head_span(),
                format!("workspace {index} has an empty name"),
            );
        }
    }
    report_duplicates(
        cx,
        "pipeline-workspace-decl-invalid",
        declared.into_iter().flat_map(View::items),
        false,
        |name| format!("workspace `{name}` is declared more than once"),
    );
    declared
        .into_iter()
        .flat_map(View::items)
        .filter_map(|w| w.get("name")?.str())
        .collect()
}

/// §1.E on one pipeline task, #72, #85, #86, and the TaskSpec rules on an embedded taskSpec.
fn check_task(
    cx: &mut Ctx<'_>,
    task: View<'_>,
    section: Section,
    pipeline_params: &[&str],
    workspaces: Option<&[&str]>,
) {
    check_removed_resources(cx, task);
    check_timeout(cx, task.get("timeout"), None);
    if let Some(name) = task.get("name")
        && let Some(text) = name.str()
        && !is_dns_label(text)
    {
        cx.report(
            "pipeline-task-name-not-dns-label",
            name.span(),
            format!("invalid pipeline task name `{text}`: must be a DNS-1123 label (lowercase letters, digits and `-`)"),
        );
    }
    let kinds: Vec<View<'_>> = ["taskRef", "taskSpec", "pipelineRef", "pipelineSpec"]
        .iter()
        .filter_map(|key| task.get(key).filter(|v| !v.is_null()))
        .collect();
    match kinds.as_slice() {
        [] => {
            cx.report(
                "pipeline-task-ref-or-spec-missing",
                task.head_span(),
                "the pipeline task needs a `taskRef` or a `taskSpec`",
            );
        }
        [_] => {}
        [first, rest @ ..] => {
            for other in rest {
                if let Some(d) = cx.report(
                    "pipeline-task-ref-and-spec",
                    other.key_span(),
                    "a pipeline task sets exactly one of `taskRef`, `taskSpec`, `pipelineRef` and `pipelineSpec`",
                ) {
                    related(d, first.key_span(), "also set here");
                }
            }
        }
    }
    if cx.api_fields() != ApiFields::Alpha {
        for key in ["pipelineRef", "pipelineSpec"] {
            if let Some(value) = task.get(key) {
                cx.report(
                    "pipeline-in-pipeline-gated",
                    value.key_span(),
                    format!("`{key}` in a pipeline task requires `enable-api-fields: alpha`"),
                );
            }
        }
    }
    if let Some(spec) = task.get("taskSpec").filter(|s| s.is_map()) {
        if cx.config.feature_flags.inline_spec_disabled("pipeline") {
            cx.report(
                "inline-spec-disabled",
                spec.key_span(),
                "inline `taskSpec` is disabled by `disable-inline-spec: pipeline`",
            );
        }
        let api_version = spec
            .get("apiVersion")
            .and_then(View::str)
            .filter(|s| !s.is_empty());
        let kind = spec
            .get("kind")
            .and_then(View::str)
            .filter(|s| !s.is_empty());
        if api_version.is_some() || kind.is_some() {
            if let Some(steps) = spec.get("steps") {
                cx.report(
                    "embedded-task-type-with-steps",
                    steps.key_span(),
                    "an embedded taskSpec with `steps` cannot set `apiVersion` or `kind`",
                );
            } else if api_version.is_some() && kind.is_none() {
                cx.report(
                    "custom-task-kind-missing",
                    spec.key_span(),
                    "a custom task spec must specify `kind`",
                );
            }
        } else {
            let mut names: Vec<&str> = pipeline_params.to_vec();
            names.extend(
                task.get("params")
                    .into_iter()
                    .flat_map(View::items)
                    .filter_map(|p| p.get("name")?.str()),
            );
            task_spec::check(cx, spec, &names, false);
            // The pipeline's own params are substituted into the spec before its TaskRun runs.
            let (given, mut opaque) = bounds::pipeline_task_params(task);
            opaque.extend_from_slice(pipeline_params);
            let declared = params::declarations(spec.get("params"));
            let lengths = bounds::lengths(&declared, &given, &opaque);
            bounds::report_here(cx, || bounds::task_spec_strings(spec), &lengths);
        }
    }
    for key in ["taskRef", "taskSpec"] {
        if let Some(version) = task.get(key).and_then(|r| r.get("apiVersion"))
            && version.str().is_some_and(|v| v.starts_with("tekton.dev/"))
        {
            cx.report(
                "taskref-apiversion-custom",
                version.span(),
                format!("setting `{key}.apiVersion` makes this a custom task (a CustomRun), even for a Tekton Task; remove it"),
            );
        }
    }
    if let Some(task_ref) = task.get("taskRef").filter(|r| r.is_map()) {
        check_custom_task_ref(cx, task_ref);
        if task_ref
            .get("apiVersion")
            .and_then(View::str)
            .is_none_or(str::is_empty)
        {
            refs::check(cx, task_ref);
        }
    }
    if let Some(pipeline_ref) = task.get("pipelineRef") {
        refs::check(cx, pipeline_ref);
    }
    when::check(cx, task.get("when"));
    matrix::check_task(cx, task);
    if let Some(on_error) = task.get("onError") {
        if cx.api_fields() == ApiFields::Stable {
            cx.report(
                "pipeline-task-onerror-invalid",
                on_error.key_span(),
                "pipeline task `onError` requires `enable-api-fields` beta or alpha",
            );
        }
        let text = on_error.str().unwrap_or_default();
        if !matches!(text, "continue" | "stopAndFail") && !text.starts_with("$(params.") {
            cx.report(
                "pipeline-task-onerror-invalid",
                on_error.span(),
                format!("invalid onError `{text}`: expected `continue` or `stopAndFail`"),
            );
        }
        if text == "continue"
            && let Some(retries) = task.get("retries")
            && retries.int().is_some_and(|r| r > 0)
            && let Some(d) = cx.report(
                "pipeline-task-onerror-with-retries",
                on_error.span(),
                "`onError: continue` cannot be combined with `retries` greater than 0",
            )
        {
            related(d, retries.span(), "retries set here");
        }
    }
    report_duplicates(
        cx,
        "pipeline-task-param-duplicate",
        task.get("params").into_iter().flat_map(View::items),
        false,
        |name| format!("param `{name}` is passed more than once"),
    );
    if section == Section::Finally
        && let Some(run_after) = task.get("runAfter").filter(|r| r.items().next().is_some())
    {
        cx.report(
            "finally-run-after",
            run_after.key_span(),
            "finally tasks cannot use `runAfter`: they run after all tasks",
        );
    }
    let bindings = task.get("workspaces");
    if let Some(declared) = workspaces {
        for binding in bindings.into_iter().flat_map(View::items) {
            let Some(target) = binding
                .get("workspace")
                .filter(|w| w.str().is_some_and(|s| !s.is_empty()))
                .or_else(|| binding.get("name"))
            else {
                continue;
            };
            let Some(text) = target.str() else { continue };
            if !declared.contains(&text) {
                let suggestion = did_you_mean(text, declared.iter().copied());
                if let Some(d) = cx.report(
                    "workspace-undeclared",
                    target.span(),
                    format!("workspace `{text}` is not declared in the pipeline's `workspaces`"),
                ) && let Some(s) = suggestion
                {
                    d.fix = Some(replace(format!("rename to `{s}`"), target.span(), s));
                }
            }
        }
    }
    report_duplicates(
        cx,
        "pipeline-task-workspace-duplicate",
        bindings.into_iter().flat_map(View::items),
        false,
        |name| format!("workspace `{name}` is bound more than once"),
    );
}

/// #55, #56 after upstream's default (`kind: Task` when neither `kind` nor `resolver` is set).
fn check_custom_task_ref(cx: &mut Ctx<'_>, task_ref: View<'_>) {
    let api_version = task_ref
        .get("apiVersion")
        .and_then(View::str)
        .filter(|s| !s.is_empty());
    let kind = task_ref
        .get("kind")
        .and_then(View::str)
        .filter(|s| !s.is_empty());
    let resolver = task_ref
        .get("resolver")
        .and_then(View::str)
        .is_some_and(|s| !s.is_empty());
    let kind = kind.or((!resolver).then_some("Task"));
    match (api_version, kind) {
        (Some(_), None) => {
            cx.report(
                "custom-task-kind-missing",
                task_ref.key_span(),
                "a custom task ref must specify `kind`",
            );
        }
        (None, Some(kind)) if kind != "Task" => {
            let at = task_ref.get("kind").map_or(task_ref.key_span(), View::span);
            let hint = if kind == "ClusterTask" {
                " (ClusterTask was removed from Tekton; use a Task or the cluster resolver)"
            } else {
                ""
            };
            cx.report(
                "custom-task-apiversion-invalid",
                at,
                format!(
                    "kind `{kind}` makes this a custom task, which must specify `apiVersion`{hint}"
                ),
            );
        }
        (Some(version), _) if !is_group_version(version) => {
            if let Some(at) = task_ref.get("apiVersion") {
                cx.report(
                    "custom-task-apiversion-invalid",
                    at.span(),
                    format!("invalid custom task apiVersion `{version}`: expected `group/version`"),
                );
            }
        }
        _ => {}
    }
}

fn is_group_version(text: &str) -> bool {
    matches!(text.split_once('/'), Some((group, version)) if !group.is_empty() && !version.is_empty() && !version.contains('/'))
}

/// The strings of a pipeline task that variable rules read.
fn strings<'t>(task: View<'t>, section: Section) -> Vec<(Place, View<'t>)> {
    let mut out = Vec::new();
    for param in task.get("params").into_iter().flat_map(View::items) {
        if let Some(value) = param.get("value") {
            push_value(&mut out, value, Place::ParamString);
        }
    }
    if let Some(matrix) = task.get("matrix") {
        for param in matrix.get("params").into_iter().flat_map(View::items) {
            if let Some(value) = param.get("value") {
                push_value(&mut out, value, Place::ListElement);
            }
        }
        for include in matrix.get("include").into_iter().flat_map(View::items) {
            for param in include.get("params").into_iter().flat_map(View::items) {
                if let Some(value) = param.get("value") {
                    push_value(&mut out, value, Place::Scalar);
                }
            }
        }
    }
    for when in task.get("when").into_iter().flat_map(View::items) {
        out.extend(when.get("input").map(|v| (Place::Scalar, v)));
        out.extend(when.get("cel").map(|v| (Place::Scalar, v)));
        out.extend(
            when.get("values")
                .into_iter()
                .flat_map(View::items)
                .map(|v| (Place::WhenValue, v)),
        );
    }
    if section == Section::Tasks
        && let Some(spec) = task.get("taskSpec")
    {
        for container in spec
            .get("steps")
            .into_iter()
            .flat_map(View::items)
            .chain(spec.get("sidecars").into_iter().flat_map(View::items))
        {
            // The fields `PipelineTaskResultRefs` reads: not onError, not volume mounts.
            let strings = task_spec::container_strings(container);
            out.extend(
                strings
                    .into_iter()
                    .filter(|(key, _)| !matches!(*key, "onError" | "volumeMounts"))
                    .map(|(_, v)| (Place::Embedded, v)),
            );
        }
    }
    out
}

fn push_value<'t>(out: &mut Vec<(Place, View<'t>)>, value: View<'t>, scalar_place: Place) {
    if value.is_seq() {
        out.extend(value.items().map(|v| (Place::ListElement, v)));
    } else if value.is_map() {
        out.extend(value.entries().map(|(_, v)| (Place::Scalar, v)));
    } else {
        out.push((scalar_place, value));
    }
}

/// §1.H (#78–#83) and the execution-status rules (#76, #77) on one pipeline task.
fn check_task_variables(
    cx: &mut Ctx<'_>,
    task: &PipelineTask<'_>,
    decls: (View<'_>, &[ParamDecl<'_>]),
    propagated: &[&str],
    dag_names: &[&str],
    check_context: bool,
) {
    for &(place, value) in &task.strings {
        if place == Place::Embedded {
            continue;
        }
        let Some(text) = value.str() else { continue };
        if !text.contains("$(") {
            continue;
        }
        let references = variables::references(text);
        let has_result = references
            .iter()
            .any(|r| r.is_expression() && matches!(r.variable, Variable::TaskResult { .. }));
        for reference in &references {
            let span = value.sub_span(cx.text, reference.range.clone());
            if reference.is_expression() && !has_valid_prefix(reference.body) {
                cx.report(
                    "var-invalid-prefix",
                    span,
                    format!("invalid variable reference `$({})`: must start with params, tasks, finally, context, workspaces or results (for a shell variable use ${{VAR}})", reference.body),
                );
                continue;
            }
            match &reference.variable {
                Variable::Param { .. } => {
                    if let Some(decl) =
                        params::resolve(cx, &PIPELINE_RULES, decls, propagated, value, reference)
                    {
                        check_param_type(cx, decl, reference, text, place, span);
                    }
                }
                Variable::Context { scope, field }
                    if check_context
                        && !scope.in_task()
                        && reference.seen_by_webhook()
                        && !scope.fields().contains(&field.text) =>
                {
                    cx.report(
                        "pipeline-context-var-unknown",
                        value.sub_span(cx.text, field.range.clone()),
                        format!(
                            "unknown context variable `{}`; known: {}",
                            field.text,
                            scope.fields().join(", ")
                        ),
                    );
                }
                Variable::TaskArtifact { .. }
                    if place != Place::Embedded && !cx.config.feature_flags.enable_artifacts =>
                {
                    task_spec::report_artifacts_disabled(cx, span);
                }
                Variable::TaskStatus { .. } | Variable::TasksStatus
                    if reference.is_expression()
                        && !has_result
                        && task.section == Section::Tasks =>
                {
                    cx.report(
                        "execution-status-in-dag",
                        span,
                        "tasks cannot refer to the execution status of pipeline tasks; only finally tasks can",
                    );
                }
                Variable::TaskStatus { task: target, .. }
                    if reference.is_expression()
                        && !has_result
                        && task.section == Section::Finally
                        && !dag_names.contains(&target.text) =>
                {
                    cx.report(
                        "execution-status-unknown-task",
                        value.sub_span(cx.text, target.range.clone()),
                        format!(
                            "pipeline task `{}` is not defined in the pipeline's `tasks`",
                            target.text
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}

/// #80, #81: where a whole array or object param may be used.
fn check_param_type(
    cx: &mut Ctx<'_>,
    decl: &ParamDecl<'_>,
    reference: &Reference<'_>,
    text: &str,
    place: Place,
    span: Span,
) {
    let Variable::Param { access, .. } = &reference.variable else {
        return;
    };
    if decl.ty == ParamType::String || !matches!(access, Access::Whole | Access::Star) {
        return;
    }
    let isolated = reference.is_isolated_in(text);
    let allowed = match (place, decl.ty) {
        (Place::ParamString, _) | (Place::WhenValue, ParamType::Array) => {
            isolated && matches!(access, Access::Star)
        }
        (Place::ListElement, ParamType::Array) => {
            if !isolated {
                cx.report(
                    "pipeline-param-array-not-isolated",
                    span,
                    format!(
                        "array param `{}` must be the whole element on its own",
                        decl.name
                    ),
                );
            }
            return;
        }
        _ => false,
    };
    if !allowed {
        cx.report(
            "pipeline-param-whole-ref-in-string",
            span,
            format!(
                "the whole {} param `{}` can only be passed as the exact value `$(params.{}[*])`",
                if decl.ty == ParamType::Array {
                    "array"
                } else {
                    "object"
                },
                decl.name,
                decl.name
            ),
        );
    }
}

fn has_valid_prefix(body: &str) -> bool {
    [
        "params",
        "tasks",
        "finally",
        "context",
        "workspaces",
        "results",
    ]
    .iter()
    .any(|prefix| body.starts_with(prefix))
}

/// §1.J: `results[].value` must reference results of existing tasks.
fn check_results(cx: &mut Ctx<'_>, spec: View<'_>, dag_names: &[&str], finally_names: &[&str]) {
    for result in spec.get("results").into_iter().flat_map(View::items) {
        let Some(value) = result.get("value") else {
            continue;
        };
        let mut strings = Vec::new();
        push_value(&mut strings, value, Place::ParamString);
        for (place, string) in strings {
            let Some(text) = string.scalar_text() else {
                continue;
            };
            let references: Vec<_> = variables::references(text)
                .into_iter()
                .filter(Reference::is_expression)
                .collect();
            if !references
                .iter()
                .any(|r| matches!(r.variable, Variable::TaskResult { .. }))
            {
                cx.report(
                    "pipeline-result-not-result-ref",
                    string.span(),
                    "a pipeline result value must reference a task result, e.g. `$(tasks.<task>.results.<name>)`",
                );
                continue;
            }
            for reference in &references {
                match &reference.variable {
                    Variable::TaskResult { section, task, .. } => {
                        let known = match section {
                            Section::Tasks => dag_names,
                            Section::Finally => finally_names,
                        };
                        if !known.contains(&task.text) {
                            let span = string.sub_span(cx.text, task.range.clone());
                            let suggestion = did_you_mean(task.text, known.iter().copied());
                            if let Some(d) = cx.report(
                                "pipeline-result-unknown-task",
                                span,
                                format!("the result references `{}`, which is not a task of its section", task.text),
                            ) && let Some(s) = suggestion
                            {
                                d.fix = Some(replace(format!("rename to `{s}`"), span, s));
                            }
                        }
                    }
                    // Upstream splits a string value on `$` and wants a result reference in
                    // every piece (#88's side effect).
                    _ if place == Place::ParamString => {
                        cx.report(
                            "pipeline-result-unknown-task",
                            string.sub_span(cx.text, reference.range.clone()),
                            "only task result references are allowed in a string pipeline result value",
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The names of the results a TaskSpec declares, in order.
pub fn result_names<'t>(task_spec: View<'t>) -> Vec<&'t str> {
    let results = task_spec.get("results").into_iter().flat_map(View::items);
    results.filter_map(|r| r.get("name")?.str()).collect()
}

/// The scalar values of a pipeline's `results`, where task result references are substituted.
fn pipeline_result_values(spec: View<'_>) -> Vec<View<'_>> {
    let mut values = Vec::new();
    for result in spec.get("results").into_iter().flat_map(View::items) {
        if let Some(value) = result.get("value") {
            push_value(&mut values, value, Place::ParamString);
        }
    }
    values.into_iter().map(|(_, value)| value).collect()
}

/// #126: every `$(tasks.<t>.results.<r>)` in the pipeline's task fields and results must name a
/// result that `<t>` declares, for the producers in `declared` (pipeline task name → result
/// names): those with an inline taskSpec here, those behind a resolved `taskRef` across
/// documents.
pub(super) fn check_result_names(cx: &mut Ctx<'_>, spec: View<'_>, declared: &[(&str, Vec<&str>)]) {
    if declared.is_empty() {
        return;
    }
    let tasks = spec.get("tasks").into_iter().flat_map(View::items);
    let finally = spec.get("finally").into_iter().flat_map(View::items);
    let task_strings = tasks
        .map(|task| (task, Section::Tasks))
        .chain(finally.map(|task| (task, Section::Finally)))
        .flat_map(|(task, section)| strings(task, section))
        .filter(|(place, _)| *place != Place::Embedded)
        .map(|(_, value)| value);
    for value in task_strings.chain(pipeline_result_values(spec)) {
        let Some(text) = value.str() else { continue };
        for reference in variables::references(text) {
            let Variable::TaskResult {
                task: producer,
                result,
                ..
            } = &reference.variable
            else {
                continue;
            };
            if !reference.is_expression() {
                continue;
            }
            let Some((_, names)) = declared.iter().find(|(n, _)| *n == producer.text) else {
                continue;
            };
            if names.contains(&result.text) {
                continue;
            }
            let at = value.sub_span(cx.text, result.range.clone());
            let suggestion = did_you_mean(result.text, names.iter().copied());
            if let Some(d) = cx.report(
                "result-ref-unknown-result",
                at,
                format!(
                    "`{}` is not a result of pipeline task `{}`",
                    result.text, producer.text
                ),
            ) && let Some(s) = suggestion
            {
                d.fix = Some(replace(format!("rename to `{s}`"), at, s));
            }
        }
    }
}

/// #126 for producers with an inline taskSpec (in-document), #132, #133.
fn check_references(
    cx: &mut Ctx<'_>,
    all: &[PipelineTask<'_>],
    dag: &Dag<'_, Dep>,
    spec: View<'_>,
) {
    let declared: Vec<(&str, Vec<&str>)> = all
        .iter()
        .filter_map(|task| {
            let name = task.name?.str()?;
            let inline = task.view.get("taskSpec")?;
            // Custom tasks declare no results here (#126 exempts them).
            if inline.has("apiVersion") || inline.has("kind") {
                return None;
            }
            Some((name, result_names(inline)))
        })
        .collect();
    check_result_names(cx, spec, &declared);
    let strings = all.iter().flat_map(|task| {
        task.strings
            .iter()
            .filter(|(place, _)| *place != Place::Embedded)
            .map(move |&(_, value)| (Some(task), value))
    });
    let strings = strings.chain(pipeline_result_values(spec).into_iter().map(|v| (None, v)));
    for (task, value) in strings {
        let Some(text) = value.str() else { continue };
        for reference in variables::references(text) {
            match &reference.variable {
                Variable::Malformed {
                    root: variables::Root::Tasks | variables::Root::Finally,
                    reason: variables::Reason::ResultRefMalformed,
                } => {
                    cx.report(
                        "result-ref-malformed",
                        value.sub_span(cx.text, reference.range.clone()),
                        "not a result reference upstream can parse: it creates no dependency and is never substituted",
                    );
                }
                Variable::MatrixLength { task: producer, .. }
                | Variable::TaskArtifact { task: producer, .. } => {
                    let Some(consumer) = task.filter(|t| t.section == Section::Tasks) else {
                        continue;
                    };
                    if let (Some(from), Some(to)) = (consumer.id, dag.lookup(producer.text))
                        && from != to
                        && dag.task(to).is_some_and(|t| t.section == Section::Tasks)
                        && !dag.depends_on(from, to)
                    {
                        cx.report(
                            "implicit-order-missing",
                            value.sub_span(cx.text, producer.range.clone()),
                            format!("this reference does not make the task run after `{}`; add it to `runAfter`", producer.text),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}
