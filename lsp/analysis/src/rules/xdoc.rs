//! Rules across documents (catalogue §1.N, stage R): a pipeline task's or TaskRun's `taskRef`
//! against the Task, a PipelineRun's `pipelineRef` against the Pipeline, when the referenced
//! document is among the files of the [`Workspace`].
//!
//! A reference is resolved by `metadata.name`: a document of the same file first, else the only
//! match of the workspace. Several matches elsewhere (the catalog keeps one Task per version)
//! are ambiguous and not checked; no match is `ref-unresolvable`, information only, since the
//! Task may live in the cluster or behind a resolver.

use super::engine::{Ctx, did_you_mean, related, replace};
use super::view::View;
use crate::{AnalysisConfig, Diagnostic, DocumentKind, FileRef, Related, TektonKind, Workspace};

/// The referenced document: its file, tree and `spec`.
struct Target<'w> {
    file: &'w FileRef,
    spec: View<'w>,
}

fn resolve<'w>(
    workspace: &'w Workspace,
    from: &FileRef,
    kind: TektonKind,
    name: &str,
) -> Result<Target<'w>, usize> {
    let found = workspace.find(kind, name);
    let chosen = found
        .iter()
        .find(|(file, _)| *file == from)
        .or(match found.as_slice() {
            [only] => Some(only),
            _ => None,
        })
        .ok_or(found.len())?;
    let (file, document) = *chosen;
    let tree = &workspace.get(file).ok_or(0usize)?.syntax;
    let spec = View::new(tree, document.root.ok_or(0usize)?)
        .get("spec")
        .ok_or(0usize)?;
    Ok(Target { file, spec })
}

/// Diagnostics of `file` that need other documents of the workspace.
pub fn check_references(
    workspace: &Workspace,
    file: &FileRef,
    config: &AnalysisConfig,
) -> Vec<Diagnostic> {
    let Some(analysis) = workspace.get(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for document in &analysis.documents {
        let (DocumentKind::Tekton { version, kind }, Some(root)) = (&document.kind, document.root)
        else {
            continue;
        };
        let Some(spec) = View::new(&analysis.syntax, root).get("spec") else {
            continue;
        };
        // Spans inside scalars are not needed here, so no text.
        let mut cx = Ctx::new("", config, *version);
        match kind {
            TektonKind::Pipeline => {
                let tasks = spec.get("tasks").into_iter().flat_map(View::items);
                let finally = spec.get("finally").into_iter().flat_map(View::items);
                for task in tasks.chain(finally) {
                    check_task_ref(&mut cx, workspace, file, task);
                }
            }
            TektonKind::TaskRun => check_task_ref(&mut cx, workspace, file, spec),
            TektonKind::PipelineRun => check_pipeline_ref(&mut cx, workspace, file, spec),
            TektonKind::Task | TektonKind::StepAction => {}
        }
        out.extend(cx.into_diagnostics());
    }
    crate::apply_levels(&mut out, config);
    out
}

/// A plain `taskRef` (no resolver, no custom kind): the name to look up and its span.
fn plain_ref<'t>(reference: Option<View<'t>>, kind_default: &str) -> Option<View<'t>> {
    let reference = reference?;
    let kind = reference
        .get("kind")
        .and_then(View::str)
        .unwrap_or(kind_default);
    if reference.has("resolver")
        || reference.has("params")
        || reference.has("apiVersion")
        || kind != kind_default
    {
        return None;
    }
    reference.get("name").filter(|n| n.str().is_some())
}

fn unresolvable(cx: &mut Ctx<'_>, name: View<'_>, kind: &str, matches: usize) {
    let text = name.str().unwrap_or_default();
    let message = if matches > 1 {
        format!(
            "{matches} {kind}s named `{text}` are among the files analysed; the reference is not checked"
        )
    } else {
        format!("{kind} `{text}` is not among the files analysed; the reference is not checked")
    };
    cx.report("ref-unresolvable", name.span(), message);
}

/// A pipeline task or TaskRun (`holder`) against the Task its `taskRef` names.
fn check_task_ref(cx: &mut Ctx<'_>, workspace: &Workspace, file: &FileRef, holder: View<'_>) {
    let Some(name) = plain_ref(holder.get("taskRef"), "Task") else {
        return;
    };
    let target = match resolve(
        workspace,
        file,
        TektonKind::Task,
        name.str().unwrap_or_default(),
    ) {
        Ok(target) => target,
        Err(matches) => return unresolvable(cx, name, "Task", matches),
    };
    let mut passed: Vec<View<'_>> = holder
        .get("params")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|p| p.get("name"))
        .collect();
    if let Some(matrix) = holder.get("matrix") {
        passed.extend(
            matrix
                .get("params")
                .into_iter()
                .flat_map(View::items)
                .filter_map(|p| p.get("name")),
        );
        for include in matrix.get("include").into_iter().flat_map(View::items) {
            passed.extend(
                include
                    .get("params")
                    .into_iter()
                    .flat_map(View::items)
                    .filter_map(|p| p.get("name")),
            );
        }
    }
    check_params(cx, &target, name, &passed, true);
    check_workspaces(cx, &target, name, holder.get("workspaces"), true);
}

/// A PipelineRun against the Pipeline its `pipelineRef` names.
fn check_pipeline_ref(cx: &mut Ctx<'_>, workspace: &Workspace, file: &FileRef, spec: View<'_>) {
    let Some(name) = plain_ref(spec.get("pipelineRef"), "") else {
        return;
    };
    let target = match resolve(
        workspace,
        file,
        TektonKind::Pipeline,
        name.str().unwrap_or_default(),
    ) {
        Ok(target) => target,
        Err(matches) => return unresolvable(cx, name, "Pipeline", matches),
    };
    let passed: Vec<View<'_>> = spec
        .get("params")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|p| p.get("name"))
        .collect();
    check_params(cx, &target, name, &passed, false);
    check_workspaces(cx, &target, name, spec.get("workspaces"), false);
}

fn elsewhere(target: &Target<'_>, span: crate::Span, message: &str) -> Related {
    Related {
        file: Some(target.file.clone()),
        span,
        message: message.to_owned(),
    }
}

/// #116 and, for pipeline tasks and TaskRuns, #137.
fn check_params(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    at: View<'_>,
    passed: &[View<'_>],
    extra: bool,
) {
    let declared: Vec<View<'_>> = target
        .spec
        .get("params")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let names: Vec<&str> = declared
        .iter()
        .filter_map(|d| d.get("name")?.str())
        .collect();
    let given: Vec<&str> = passed.iter().filter_map(|p| p.str()).collect();
    for decl in &declared {
        let Some(name) = decl.get("name") else {
            continue;
        };
        let Some(text) = name.str() else { continue };
        if !decl.has("default")
            && !given.contains(&text)
            && let Some(d) = cx.report(
                "run-param-missing",
                at.span(),
                format!("param `{text}` has no default and is not given"),
            )
        {
            d.related.push(elsewhere(
                target,
                name.span(),
                "declared here, without a default",
            ));
        }
    }
    if !extra {
        return;
    }
    for name in passed {
        let Some(text) = name.str() else { continue };
        if names.contains(&text) {
            continue;
        }
        let suggestion = did_you_mean(text, names.iter().copied());
        let mut message = format!("the Task declares no param `{text}`; it is ignored");
        if let Some(s) = suggestion {
            message.push_str(&format!(" (did you mean `{s}`?)"));
        }
        if let Some(d) = cx.report("pipeline-task-extra-param", name.span(), message) {
            related(d, at.span(), "the Task referenced");
            if let Some(s) = suggestion {
                d.fix = Some(replace(format!("rename to `{s}`"), name.span(), s));
            }
        }
    }
}

/// #122, #123 (bindings must match the Task's workspaces; a PipelineRun may bind extra ones).
fn check_workspaces(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    at: View<'_>,
    bindings: Option<View<'_>>,
    check_unknown: bool,
) {
    let declared: Vec<View<'_>> = target
        .spec
        .get("workspaces")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let names: Vec<&str> = declared
        .iter()
        .filter_map(|d| d.get("name")?.str())
        .collect();
    let bound: Vec<View<'_>> = bindings
        .into_iter()
        .flat_map(View::items)
        .filter_map(|b| b.get("name"))
        .collect();
    let bound_names: Vec<&str> = bound.iter().filter_map(|b| b.str()).collect();
    for decl in &declared {
        let Some(name) = decl.get("name") else {
            continue;
        };
        let Some(text) = name.str() else { continue };
        let optional = decl.get("optional").and_then(View::bool) == Some(true);
        if !optional
            && !bound_names.contains(&text)
            && let Some(d) = cx.report(
                "run-workspace-missing",
                at.span(),
                format!("workspace `{text}` is required but not bound"),
            )
        {
            d.related
                .push(elsewhere(target, name.span(), "declared here"));
        }
    }
    if !check_unknown {
        return;
    }
    for name in bound {
        let Some(text) = name.str() else { continue };
        if names.contains(&text) {
            continue;
        }
        let suggestion = did_you_mean(text, names.iter().copied());
        if let Some(d) = cx.report(
            "run-workspace-unknown",
            name.span(),
            format!("the Task declares no workspace `{text}`"),
        ) && let Some(s) = suggestion
        {
            d.fix = Some(replace(format!("rename to `{s}`"), name.span(), s));
        }
    }
}
