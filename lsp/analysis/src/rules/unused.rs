//! Params and workspaces a Task, Pipeline or StepAction declares and never uses, with a fix
//! removing the declaration unless the declaration is part of an interface someone relies on:
//! a document of the workspace that references this one by name and passes that param or binds
//! that workspace. That decision needs the other documents, so these rules run in the pass
//! across documents ([`super::check_references`]).

use super::edit;
use super::engine::Ctx;
use super::view::View;
use super::xdoc::plain_ref;
use crate::syntax::NodeKind;
use crate::variables::{self, Variable};
use crate::{DocumentKind, FileRef, Fix, Related, Span, TektonKind, Workspace};

pub(crate) const PARAM_UNUSED: &str = "param-unused";
pub(crate) const WORKSPACE_UNUSED: &str = "workspace-unused";

/// What the strings of a spec use: param names, and workspace names with the literal
/// `/workspace/<name>` paths (a Task workspace is mounted there unless it sets `mountPath`).
#[derive(Default)]
struct Uses<'t> {
    params: Vec<&'t str>,
    workspaces: Vec<&'t str>,
    /// The strings that hold a `/workspace/` path.
    strings: Vec<&'t str>,
    /// A script runs a param's value as code (`eval "$(params.script)"`, or a script that is
    /// only a param reference): that code may use any workspace by its path.
    runs_param_code: bool,
}

fn uses<'t>(spec: View<'t>) -> Uses<'t> {
    let mut out = Uses::default();
    let span = spec.span();
    let tree = spec.tree();
    // Every scalar of the spec, aliases' targets included where they are written inside it.
    for node in tree.nodes_within(span) {
        let NodeKind::Scalar(scalar) = &node.kind else {
            continue;
        };
        let value = scalar.value.as_str();
        // A byte search first: most scalars hold neither, and a substring search costs more.
        if value.contains('/') && value.contains("/workspace/") {
            out.strings.push(value);
        }
        if !(value.contains('$') && value.contains("$(")) {
            continue;
        }
        let trimmed = value.trim();
        out.runs_param_code |= value.contains("eval \"$(params.")
            || value.contains("eval $(params.")
            || (trimmed.starts_with("$(params.")
                && trimmed.ends_with(')')
                && !trimmed.contains(' '));
        for reference in variables::references(value) {
            match reference.variable {
                Variable::Param { name, .. } | Variable::LegacyParam { name } => {
                    out.params.push(name.text);
                }
                Variable::Workspace { name, .. } => out.workspaces.push(name.text),
                _ => {}
            }
        }
    }
    out
}

/// The workspaces that containers or pipeline tasks of `spec` bind by name (steps' and
/// sidecars' `workspaces`, pipeline tasks' `workspaces[].workspace`, or its `name` when
/// `workspace` is omitted), embedded specs included.
fn bound_workspaces<'t>(spec: View<'t>, kind: TektonKind, out: &mut Vec<&'t str>) {
    match kind {
        TektonKind::Pipeline => {
            let tasks = spec.get("tasks").into_iter().flat_map(View::items);
            let finally = spec.get("finally").into_iter().flat_map(View::items);
            for task in tasks.chain(finally) {
                for binding in task.get("workspaces").into_iter().flat_map(View::items) {
                    out.extend(
                        binding
                            .get("workspace")
                            .or_else(|| binding.get("name"))
                            .and_then(View::str),
                    );
                }
            }
        }
        _ => {
            let steps = spec.get("steps").into_iter().flat_map(View::items);
            let sidecars = spec.get("sidecars").into_iter().flat_map(View::items);
            for container in steps.chain(sidecars) {
                for binding in container
                    .get("workspaces")
                    .into_iter()
                    .flat_map(View::items)
                {
                    out.extend(binding.get("name").and_then(View::str));
                }
            }
        }
    }
}

/// A document of the workspace that references `(kind, name)` by name: the file and the
/// referencing object (a pipeline task, TaskRun spec or PipelineRun spec).
#[derive(Clone, Copy)]
struct Caller<'w> {
    file: &'w FileRef,
    holder: View<'w>,
}

fn callers<'w>(workspace: &'w Workspace, kind: TektonKind, name: &str) -> Vec<Caller<'w>> {
    let mut out = Vec::new();
    for (file, analysis) in workspace.referrers(kind, name) {
        for document in &analysis.documents {
            let (DocumentKind::Tekton { kind: from, .. }, Some(root)) =
                (&document.kind, document.root)
            else {
                continue;
            };
            // Tasks and StepActions reference nothing by `taskRef`/`pipelineRef`.
            if matches!(from, TektonKind::Task | TektonKind::StepAction) {
                continue;
            }
            let Some(spec) = View::new(&analysis.syntax, root).get("spec") else {
                continue;
            };
            let mut holders: Vec<View<'w>> = Vec::new();
            let pipeline_tasks = |pipeline: Option<View<'w>>| {
                pipeline.into_iter().flat_map(|p| {
                    let tasks = p.get("tasks").into_iter().flat_map(View::items);
                    tasks.chain(p.get("finally").into_iter().flat_map(View::items))
                })
            };
            match (from, kind) {
                (TektonKind::Pipeline, _) => holders.extend(pipeline_tasks(Some(spec))),
                (TektonKind::PipelineRun, TektonKind::Pipeline) => holders.push(spec),
                (TektonKind::PipelineRun, _) => {
                    holders.extend(pipeline_tasks(spec.get("pipelineSpec")));
                }
                (TektonKind::TaskRun, TektonKind::Task) => holders.push(spec),
                _ => {}
            }
            let (key, kind_default) = match kind {
                TektonKind::Task => ("taskRef", "Task"),
                _ => (
                    "pipelineRef",
                    if *from == TektonKind::PipelineRun {
                        ""
                    } else {
                        "Pipeline"
                    },
                ),
            };
            out.extend(
                holders
                    .into_iter()
                    .filter(|holder| {
                        plain_ref(holder.get(key), kind_default).and_then(|n| n.str()) == Some(name)
                    })
                    .map(|holder| Caller { file, holder }),
            );
        }
    }
    out
}

/// Where a caller passes param `param` (its params, or its matrix's).
fn passes<'w>(caller: &Caller<'w>, param: &str) -> Option<View<'w>> {
    let holder = caller.holder;
    let matrix = holder.get("matrix");
    let lists = [holder.get("params"), matrix.and_then(|m| m.get("params"))];
    let include = matrix
        .and_then(|m| m.get("include"))
        .into_iter()
        .flat_map(View::items)
        .filter_map(|i| i.get("params"));
    lists
        .into_iter()
        .flatten()
        .chain(include)
        .flat_map(View::items)
        .filter_map(|p| p.get("name"))
        .find(|n| n.str() == Some(param))
}

/// Where a caller binds workspace `name`.
fn binds<'w>(caller: &Caller<'w>, name: &str) -> Option<View<'w>> {
    caller
        .holder
        .get("workspaces")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|w| w.get("name"))
        .find(|n| n.str() == Some(name))
}

/// Who may pass a spec's params and bind its workspaces.
enum Source<'w> {
    /// A document named so (`None`: unnamed, so nothing references it): every document of the
    /// workspace that references it by name.
    Named(&'w Workspace, Option<&'w str>),
    /// An embedded spec: the pipeline task or run that holds it.
    Holder(Caller<'w>),
}

/// `param-unused` and `workspace-unused` on a document of `kind` named `name` in `file`: its
/// own declarations (Task, Pipeline, StepAction) and those of the specs it embeds.
pub(crate) fn check<'w>(
    cx: &mut Ctx<'_>,
    (workspace, file): (&'w Workspace, &'w FileRef),
    kind: TektonKind,
    name: Option<&'w str>,
    spec: View<'w>,
) {
    let embedded = |holder| Source::Holder(Caller { file, holder });
    match kind {
        TektonKind::Task | TektonKind::StepAction => {
            check_spec(cx, file, kind, spec, Source::Named(workspace, name));
        }
        TektonKind::Pipeline => {
            check_spec(cx, file, kind, spec, Source::Named(workspace, name));
            check_embedded_tasks(cx, file, spec);
        }
        TektonKind::PipelineRun => {
            if let Some(pipeline) = spec.get("pipelineSpec") {
                check_spec(cx, file, TektonKind::Pipeline, pipeline, embedded(spec));
                check_embedded_tasks(cx, file, pipeline);
            }
        }
        TektonKind::TaskRun => {
            if let Some(task) = spec.get("taskSpec") {
                check_spec(cx, file, TektonKind::Task, task, embedded(spec));
            }
        }
    }
}

fn check_embedded_tasks<'w>(cx: &mut Ctx<'_>, file: &'w FileRef, pipeline: View<'w>) {
    let tasks = pipeline.get("tasks").into_iter().flat_map(View::items);
    let finally = pipeline.get("finally").into_iter().flat_map(View::items);
    for holder in tasks.chain(finally) {
        if let Some(task) = holder.get("taskSpec") {
            let source = Source::Holder(Caller { file, holder });
            check_spec(cx, file, TektonKind::Task, task, source);
        }
    }
}

fn check_spec<'w>(
    cx: &mut Ctx<'_>,
    file: &FileRef,
    kind: TektonKind,
    spec: View<'w>,
    source: Source<'w>,
) {
    let check_params = cx.on(PARAM_UNUSED);
    let check_workspaces = cx.on(WORKSPACE_UNUSED) && kind != TektonKind::StepAction;
    if !check_params && !check_workspaces {
        return;
    }
    let params = spec.get("params");
    let declared = spec.get("workspaces");
    if params.is_none() && (declared.is_none() || !check_workspaces) {
        return;
    }
    let used = uses(spec);
    // Found once, and only when something is unused.
    let mut found: Option<Vec<Caller<'_>>> = None;
    let mut callers_passing = |pick: &dyn Fn(&Caller<'_>) -> Option<Span>| -> Vec<Related> {
        found
            .get_or_insert_with(|| match &source {
                Source::Named(workspace, name) => {
                    name.map_or_else(Vec::new, |n| callers(workspace, kind, n))
                }
                Source::Holder(caller) => vec![*caller],
            })
            .iter()
            .filter_map(|caller| {
                Some(Related {
                    file: (caller.file != file).then(|| caller.file.clone()),
                    span: pick(caller)?,
                    message: "passed here".to_owned(),
                })
            })
            .collect()
    };
    let what = match kind {
        TektonKind::Pipeline => "Pipeline",
        TektonKind::StepAction => "StepAction",
        _ => "Task",
    };
    if check_params && let Some(params) = params {
        for param in params.items() {
            // An item with a `value` is a misplaced param binding, not a declaration.
            let Some(decl) = param.get("name").filter(|n| n.str().is_some()) else {
                continue;
            };
            if param.has("value") {
                continue;
            }
            let text = decl.str().unwrap_or_default();
            if used.params.contains(&text) {
                continue;
            }
            let passed = callers_passing(&|c| passes(c, text).map(View::span));
            report(
                cx,
                PARAM_UNUSED,
                (params, param, decl),
                format!("the param `{text}` is declared but the {what} never uses it"),
                passed,
            );
        }
    }
    if check_workspaces && let Some(declared) = declared {
        let mut bound = Vec::new();
        bound_workspaces(spec, kind, &mut bound);
        for item in declared.items() {
            let Some(decl) = item.get("name").filter(|n| n.str().is_some()) else {
                continue;
            };
            let text = decl.str().unwrap_or_default();
            let default_path = format!("/workspace/{text}");
            let is_used = used.runs_param_code
                || used.workspaces.contains(&text)
                || bound.contains(&text)
                || (kind == TektonKind::Task
                    && (item.has("mountPath")
                        || used.strings.iter().any(|s| s.contains(&default_path))));
            if is_used {
                continue;
            }
            let passed = callers_passing(&|c| binds(c, text).map(View::span));
            report(
                cx,
                WORKSPACE_UNUSED,
                (declared, item, decl),
                format!("the workspace `{text}` is declared but the {what} never uses it"),
                passed,
            );
        }
    }
}

/// Reports an unused declaration (`item` of `list`, named by `decl`); the fix removes it
/// unless a caller passes it (`passed`: where, shown as related information).
fn report(
    cx: &mut Ctx<'_>,
    rule: &'static str,
    (list, item, decl): (View<'_>, View<'_>, View<'_>),
    message: String,
    passed: Vec<Related>,
) {
    let (message, removal) = if passed.is_empty() {
        (message, edit::remove_list_item(cx.text, list, item))
    } else {
        let message = format!(
            "{message}; no fix is offered, since a reference passes it: it is part of the \
             interface"
        );
        (message, None)
    };
    let Some(d) = cx.report(rule, decl.span(), message) else {
        return;
    };
    d.related = passed;
    d.fix = removal.map(|edit| Fix {
        title: format!(
            "remove the declaration of `{}`",
            decl.str().unwrap_or_default()
        ),
        edits: vec![edit],
    });
}
