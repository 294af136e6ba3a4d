//! Completing a value: names from the workspace where the field names something (`runAfter`,
//! `taskRef.name`, a pipeline task's `params[].name`, ...), and the values the schema
//! enumerates (`onError`, param `type`, `when` operators, `apiVersion`, `kind`, booleans).

use tekton_analysis::TektonKind;
use tekton_analysis::dag::Section;
use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{PipelineGraph, param_declarations};
use tekton_analysis::syntax::PathSegment;

use super::keys::param_item;
use super::snippet::scalar;
use super::{CompletionItem, CompletionKind, Request};
use crate::context::{self, Slot};
use crate::place::view_at;
use crate::schema;
use crate::semantics;

pub(crate) fn complete(request: &Request<'_>) -> Vec<CompletionItem> {
    let Slot::Value {
        siblings,
        needs_space,
        multiline,
    } = &request.cursor.slot
    else {
        return Vec::new();
    };
    if *multiline {
        return Vec::new();
    }
    let mut items = complete_at(request, &request.cursor.path, siblings, false);
    if *needs_space {
        for item in &mut items {
            item.edit.new_text.insert(0, ' ');
        }
    }
    items
}

/// The values for the scalar at `path`; with `dash`, each becomes a new list item (`- value`).
pub(crate) fn complete_at(
    request: &Request<'_>,
    path: &[PathSegment],
    siblings: &[String],
    dash: bool,
) -> Vec<CompletionItem> {
    let mut items = names(request, path, siblings);
    items.extend(enumerated(request, path));
    // Inside quotes the value is written as it is.
    let quoted = request
        .text()
        .get(..request.cursor.word.start)
        .is_some_and(|before| before.ends_with(['"', '\'']));
    for item in &mut items {
        if !quoted {
            item.edit.new_text = scalar(&item.edit.new_text);
        }
        if dash {
            item.edit.new_text.insert_str(0, "- ");
        }
    }
    items
}

/// The last segments of `path` as keys (`None` for an index).
fn tail<const N: usize>(path: &[PathSegment]) -> Option<[Option<&str>; N]> {
    let start = path.len().checked_sub(N)?;
    let mut out = [None; N];
    for (slot, segment) in out.iter_mut().zip(&path[start..]) {
        *slot = match segment {
            PathSegment::Key(key) => Some(key.as_str()),
            PathSegment::Index(_) => None,
        };
    }
    Some(out)
}

fn names(request: &Request<'_>, path: &[PathSegment], siblings: &[String]) -> Vec<CompletionItem> {
    let place = &request.place;
    let tree = &request.analysis.syntax;
    let root = request.document.root;
    let holder = |from_end: usize| {
        path.len()
            .checked_sub(from_end)
            .and_then(|end| view_at(tree, root, &path[..end]))
    };
    let is = |view: Option<View<'_>>, other: Option<View<'_>>| matches!((view, other), (Some(a), Some(b)) if a.id() == b.id());
    if let Some([Some("runAfter"), None]) = tail::<2>(path) {
        return run_after(request, siblings);
    }
    if let Some([Some(reference), Some("name")]) = tail::<2>(path) {
        let kind = match reference {
            "taskRef" => Some(TektonKind::Task),
            "pipelineRef" => Some(TektonKind::Pipeline),
            "ref" => Some(TektonKind::StepAction),
            _ => None,
        };
        if let Some(kind) = kind {
            return documents(request, kind);
        }
    }
    if let Some([Some(list), None, Some(field)]) = tail::<3>(path) {
        let holder = holder(3);
        let task = place.pipeline_task.map(|(task, _)| task);
        let run = place.run_spec;
        let target_kind = match (run, holder) {
            (Some((spec, TektonKind::PipelineRun)), Some(h)) if h.id() == spec.id() => {
                Some(TektonKind::Pipeline)
            }
            (Some((spec, _)), Some(h)) if h.id() == spec.id() => Some(TektonKind::Task),
            (_, Some(h)) if is(Some(h), task) => {
                Some(if h.has("pipelineRef") || h.has("pipelineSpec") {
                    TektonKind::Pipeline
                } else {
                    TektonKind::Task
                })
            }
            _ => None,
        };
        match (list, field, target_kind, holder) {
            ("params", "name", Some(kind), Some(holder)) => {
                return target_params(request, holder, kind);
            }
            ("workspaces", "name", Some(kind), Some(holder)) => {
                return target_workspaces(request, holder, kind);
            }
            ("workspaces", "workspace", Some(_), Some(_)) => {
                let declared = place.pipeline_spec.and_then(|s| s.get("workspaces"));
                return declared_names(request, declared, "a workspace of the Pipeline");
            }
            ("workspaces", "name", None, Some(holder))
                if is(Some(holder), place.step.map(|(_, s)| s)) =>
            {
                let declared = place.task_spec.and_then(|s| s.get("workspaces"));
                return declared_names(request, declared, "a workspace of the Task");
            }
            ("taskRunSpecs", "pipelineTaskName", _, Some(_)) => {
                return run_pipeline_tasks(request);
            }
            _ => {}
        }
    }
    Vec::new()
}

/// The other DAG tasks of the pipeline that may run before this one: not itself, not finally
/// tasks, not those listed already, not those that run after it (a cycle).
fn run_after(request: &Request<'_>, siblings: &[String]) -> Vec<CompletionItem> {
    let (Some(spec), Some((task, Section::Tasks))) =
        (request.place.pipeline_spec, request.place.pipeline_task)
    else {
        return Vec::new();
    };
    let own = task.get("name").and_then(View::str);
    let listed: Vec<&str> = task
        .get("runAfter")
        .into_iter()
        .flat_map(View::items)
        .filter_map(View::str)
        .filter(|name| *name != request.typed())
        .chain(siblings.iter().map(String::as_str))
        .collect();
    let graph = PipelineGraph::new(request.text(), spec);
    graph
        .tasks()
        .filter(|(name, section, _)| {
            *section == Section::Tasks
                && Some(*name) != own
                && !listed.contains(name)
                && !own.is_some_and(|own| graph.depends_on(name, own))
        })
        .map(|(name, _, view)| {
            let mut item = request.item(name, CompletionKind::Reference, name.to_owned());
            item.detail = Some(task_detail(view));
            item
        })
        .collect()
}

/// `runs Task git-clone` / `runs an inline taskSpec`.
fn task_detail(task: View<'_>) -> String {
    match task
        .get("taskRef")
        .and_then(|r| r.get("name"))
        .and_then(View::str)
    {
        Some(name) => format!("pipeline task running `{name}`"),
        None if task.has("taskSpec") => "pipeline task with an inline taskSpec".to_owned(),
        None => "pipeline task".to_owned(),
    }
}

/// The names of the documents of `kind` in the workspace.
fn documents(request: &Request<'_>, kind: TektonKind) -> Vec<CompletionItem> {
    let mut names: Vec<&str> = request.workspace.names(kind).collect();
    names.sort_unstable();
    names
        .into_iter()
        .map(|name| {
            let mut item = request.item(name, CompletionKind::Reference, name.to_owned());
            let found = request.workspace.find(kind, name);
            item.detail = Some(match found.as_slice() {
                [(file, _)] => format!("{} in {file}", kind.as_str()),
                many => format!("{} in {} files", kind.as_str(), many.len()),
            });
            item.documentation = found.first().and_then(|(file, document)| {
                let analysis = request.workspace.get(file)?;
                let root = View::new(&analysis.syntax, document.root?);
                root.get("spec")?
                    .get("description")?
                    .str()
                    .map(str::to_owned)
            });
            item
        })
        .collect()
}

/// The params the target of `holder` declares and `holder` does not give yet.
fn target_params(request: &Request<'_>, holder: View<'_>, kind: TektonKind) -> Vec<CompletionItem> {
    let Some(target) = semantics::target_of(request.workspace, request.file, holder, kind) else {
        return Vec::new();
    };
    let given: Vec<&str> = given(holder.get("params"), request.typed());
    param_declarations(target.spec.get("params"))
        .into_iter()
        .filter(|decl| !given.contains(&decl.name))
        .map(|decl| param_item(request, &decl, kind.as_str(), decl.name.to_owned()))
        .collect()
}

fn target_workspaces(
    request: &Request<'_>,
    holder: View<'_>,
    kind: TektonKind,
) -> Vec<CompletionItem> {
    let Some(target) = semantics::target_of(request.workspace, request.file, holder, kind) else {
        return Vec::new();
    };
    let given: Vec<&str> = given(holder.get("workspaces"), request.typed());
    let detail = format!("a workspace of the {}", kind.as_str());
    declared_names(request, target.spec.get("workspaces"), &detail)
        .into_iter()
        .filter(|item| !given.contains(&item.label.as_str()))
        .collect()
}

/// The names given in a list, except the one being typed.
fn given<'t>(list: Option<View<'t>>, typed: &str) -> Vec<&'t str> {
    list.into_iter()
        .flat_map(View::items)
        .filter_map(|item| item.get("name")?.str())
        .filter(|name| *name != typed)
        .collect()
}

/// The names a declaration list declares, with their descriptions.
fn declared_names(
    request: &Request<'_>,
    list: Option<View<'_>>,
    detail: &str,
) -> Vec<CompletionItem> {
    list.into_iter()
        .flat_map(View::items)
        .filter_map(|item| Some((item.get("name")?.str()?, item)))
        .map(|(name, declaration)| {
            let mut item = request.item(name, CompletionKind::Reference, name.to_owned());
            item.detail = Some(detail.to_owned());
            item.documentation = declaration
                .get("description")
                .and_then(View::str)
                .map(str::to_owned);
            item
        })
        .collect()
}

/// A PipelineRun's `taskRunSpecs[].pipelineTaskName`: the tasks of its Pipeline.
fn run_pipeline_tasks(request: &Request<'_>) -> Vec<CompletionItem> {
    let Some((spec, TektonKind::PipelineRun)) = request.place.run_spec else {
        return Vec::new();
    };
    let Some(target) =
        semantics::target_of(request.workspace, request.file, spec, TektonKind::Pipeline)
    else {
        return Vec::new();
    };
    let graph = PipelineGraph::new(request.text(), target.spec);
    graph
        .tasks()
        .map(|(name, _, view)| {
            let mut item = request.item(name, CompletionKind::Reference, name.to_owned());
            item.detail = Some(task_detail(view));
            item
        })
        .collect()
}

/// Enumerated values: `apiVersion` and `kind` from the kinds the model covers, the rest from
/// the schema.
fn enumerated(request: &Request<'_>, path: &[PathSegment]) -> Vec<CompletionItem> {
    let known = request.document.kind;
    if let [PathSegment::Key(field)] = path
        && matches!(field.as_str(), "apiVersion" | "kind")
    {
        // The other of the two, as written (the document may not be classified yet).
        let other = if field == "apiVersion" {
            "kind"
        } else {
            "apiVersion"
        };
        let document = request.document.span;
        let written = request
            .text()
            .get(document.start..document.end)
            .and_then(|text| context::top_level(text, other))
            .filter(|value| !value.is_empty());
        let mut values: Vec<&str> = tekton_model::schema::KINDS
            .iter()
            .filter(|k| match written {
                Some(kind) if field == "apiVersion" => k.kind == kind,
                Some(version) => k.api_version == version,
                None => true,
            })
            .map(|k| {
                if field == "apiVersion" {
                    k.api_version
                } else {
                    k.kind
                }
            })
            .collect();
        values.sort_unstable();
        values.dedup();
        return values
            .into_iter()
            .map(|value| request.item(value, CompletionKind::Value, value.to_owned()))
            .collect();
    }
    if let Some([Some("taskRef"), Some("kind")]) = tail::<2>(path) {
        let mut item = request.item("Task", CompletionKind::Value, "Task".to_owned());
        item.documentation = Some("A Tekton Task (the default).".to_owned());
        return vec![item];
    }
    let Some(kind) = known else {
        return Vec::new();
    };
    let Some((_, schemas)) = schema::at(kind, path) else {
        return Vec::new();
    };
    schema::choices(&schemas)
        .into_iter()
        .map(|choice| {
            let mut item = request.item(choice.text.clone(), CompletionKind::Value, choice.text);
            item.documentation = choice.description.map(str::to_owned);
            item
        })
        .collect()
}
