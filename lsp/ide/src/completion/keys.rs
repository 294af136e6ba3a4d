//! Completing a key: the fields the schema allows at the cursor's object, minus those present,
//! required ones first; and where the object is a list item, snippets for whole items.

use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{ParamDecl, param_declarations};
use tekton_analysis::schema_walk;
use tekton_analysis::syntax::PathSegment;
use tekton_analysis::{TektonKind, TektonVersion};

use super::snippet::{block, escape};
use super::{CompletionItem, CompletionKind, Request, values};
use crate::context::Slot;
use crate::place::view_at;
use crate::schema::{self, Field};
use crate::semantics;

pub(crate) fn complete(request: &Request<'_>) -> Vec<CompletionItem> {
    let Slot::Key {
        present,
        item_start,
    } = &request.cursor.slot
    else {
        return Vec::new();
    };
    let path = &request.cursor.path;
    let Some(kind) = request.document.kind else {
        return if path.is_empty() {
            document_start(request, present)
        } else {
            Vec::new()
        };
    };
    let Some((root, schemas)) = schema::at(kind, path) else {
        return Vec::new();
    };
    // At a list's own column, with no `- ` yet: the cursor starts a new item.
    let dash = !item_start && schema::is_list(&schemas);
    let item_schemas = if dash {
        schema_walk::child(root, &schemas, &PathSegment::Index(0))
    } else {
        schemas
    };
    if (*item_start || dash) && !schema::is_object(&item_schemas) {
        // A list of scalars (`runAfter`): the cursor writes a value.
        let mut item_path = path.clone();
        if dash {
            item_path.push(PathSegment::Index(0));
        }
        return values::complete_at(request, &item_path, &[], dash);
    }
    let no_present = Vec::new();
    let present = if dash { &no_present } else { present };
    let mut items: Vec<CompletionItem> = schema::fields(root, &item_schemas)
        .iter()
        .filter(|field| !present.iter().any(|p| p == field.name))
        .map(|field| field_item(request, root, field, dash))
        .collect();
    items.extend(list_items(request, kind, dash));
    items
}

/// A key, with what its value needs after it: a space, or a block below.
fn field_item(
    request: &Request<'_>,
    root: &serde_json::Value,
    field: &Field<'_>,
    dash: bool,
) -> CompletionItem {
    let name = escape(field.name);
    let lines = if schema::is_list(&field.schemas) {
        vec![format!("{name}:"), "  - $0".to_owned()]
    } else if schema::is_object(&field.schemas) {
        vec![format!("{name}:"), "  $0".to_owned()]
    } else {
        vec![format!("{name}: $0")]
    };
    let new_text = block(&lines, request.cursor.column, dash);
    let mut item = request.item(field.name, CompletionKind::Field, new_text);
    item.snippet = true;
    item.detail = schema::type_label(root, &field.schemas);
    let mut docs = field.description().unwrap_or_default().to_owned();
    if field.required {
        docs.push_str("\n\nRequired.");
    }
    item.documentation = Some(docs.trim().to_owned()).filter(|d| !d.is_empty());
    item.sort_text = format!("{}{}", if field.required { "1" } else { "2" }, field.name);
    item.deprecated = field.deprecated();
    if dash {
        item.filter_text = Some(format!("- {}", field.name));
    }
    item
}

/// Items for a new list entry: whole-block snippets and the names the referenced Task declares.
fn list_items(
    request: &Request<'_>,
    (_, kind): (TektonVersion, TektonKind),
    dash: bool,
) -> Vec<CompletionItem> {
    let path = &request.cursor.path;
    // The list's key and the object holding the list.
    let key_at = if dash {
        path.len().checked_sub(1)
    } else {
        path.len().checked_sub(2)
    };
    let Some(key_at) = key_at else {
        return Vec::new();
    };
    let Some(PathSegment::Key(list)) = path.get(key_at) else {
        return Vec::new();
    };
    let tree = &request.analysis.syntax;
    let Some(holder) = view_at(tree, request.document.root, &path[..key_at]) else {
        return Vec::new();
    };
    let place = &request.place;
    let is = |view: Option<View<'_>>| view.is_some_and(|v| v.id() == holder.id());
    let new = |label: &str, detail: &str, lines: &[&str]| {
        snippet_item(request, label, detail, lines, dash)
    };
    let declaration = is(place.task_spec) || is(place.pipeline_spec) || is(place.step_action);
    match list.as_str() {
        "steps" if is(place.task_spec) => vec![new(
            "step",
            "a step running a script",
            &["name: ${1:step}", "image: ${2:image}", "script: |", "  $0"],
        )],
        "params" if declaration => vec![new(
            "param",
            "a param declaration",
            &["name: ${1:name}", "type: ${2:string}", "description: ${3}"],
        )],
        "workspaces" if declaration => vec![new(
            "workspace",
            "a workspace declaration",
            &["name: ${1:name}", "description: ${2}"],
        )],
        "results" if is(place.pipeline_spec) => vec![new(
            "result",
            "a pipeline result from a task result",
            &[
                "name: ${1:name}",
                "value: \\$(tasks.${2:task}.results.${3:result})",
            ],
        )],
        "results" if declaration => vec![new(
            "result",
            "a result declaration",
            &["name: ${1:name}", "description: ${2}"],
        )],
        "tasks" | "finally" if is(place.pipeline_spec) => pipeline_tasks(request, list, dash),
        "when" if is(place.pipeline_task.map(|(task, _)| task)) => vec![new(
            "when",
            "a guard on the task",
            &[
                "input: \"\\$(${1:params.name})\"",
                "operator: ${2:in}",
                "values: [\"${3}\"]",
            ],
        )],
        "params" | "workspaces" if is(place.pipeline_task.map(|(task, _)| task)) => {
            let target_kind = if holder.has("pipelineRef") || holder.has("pipelineSpec") {
                TektonKind::Pipeline
            } else {
                TektonKind::Task
            };
            bindings(request, holder, target_kind, list, dash, false)
        }
        "params" | "workspaces" if is(place.run_spec.map(|(spec, _)| spec)) => {
            let target_kind = match kind {
                TektonKind::PipelineRun => TektonKind::Pipeline,
                _ => TektonKind::Task,
            };
            bindings(request, holder, target_kind, list, dash, true)
        }
        "workspaces" if is(place.step.map(|(_, step)| step)) => {
            let declared = place.task_spec.and_then(|spec| spec.get("workspaces"));
            let used: Vec<&str> = names(holder.get("workspaces"));
            declared
                .into_iter()
                .flat_map(View::items)
                .filter_map(|w| w.get("name")?.str())
                .filter(|name| !used.contains(name))
                .map(|name| {
                    let mut item = new(
                        name,
                        "a workspace of the Task",
                        &[&format!("name: {}", escape(name))],
                    );
                    item.kind = CompletionKind::Reference;
                    item
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn snippet_item(
    request: &Request<'_>,
    label: &str,
    detail: &str,
    lines: &[&str],
    dash: bool,
) -> CompletionItem {
    let lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let new_text = block(&lines, request.cursor.column, dash);
    let mut item = request.item(label, CompletionKind::Snippet, new_text);
    item.snippet = true;
    item.detail = Some(detail.to_owned());
    item.sort_text = format!("3{label}");
    item
}

/// The string names of a list's items.
fn names(list: Option<View<'_>>) -> Vec<&str> {
    list.into_iter()
        .flat_map(View::items)
        .filter_map(|item| item.get("name")?.str())
        .collect()
}

/// Pipeline task snippets: a generic `taskRef` and `taskSpec` task, and one per Task of the
/// workspace with its required params and workspaces filled in.
fn pipeline_tasks(request: &Request<'_>, list: &str, dash: bool) -> Vec<CompletionItem> {
    let section = if list == "finally" {
        "finally task"
    } else {
        "pipeline task"
    };
    let mut items = vec![
        snippet_item(
            request,
            "task (taskRef)",
            &format!("a {section} running a Task"),
            &["name: ${1:name}", "taskRef:", "  name: ${2:task}"],
            dash,
        ),
        snippet_item(
            request,
            "task (taskSpec)",
            &format!("a {section} with its steps inline"),
            &[
                "name: ${1:name}",
                "taskSpec:",
                "  steps:",
                "    - name: ${2:step}",
                "      image: ${3:image}",
                "      script: |",
                "        $0",
            ],
            dash,
        ),
    ];
    let workspace = request.workspace;
    let mut tasks: Vec<&str> = workspace.names(TektonKind::Task).collect();
    tasks.sort_unstable();
    for name in tasks {
        let Ok((target, _)) =
            semantics::resolve(workspace, request.file, TektonKind::Task, name, None)
                .or_else(|_| first_of(request, name))
        else {
            continue;
        };
        let mut lines = vec![
            format!("name: ${{1:{}}}", escape(name)),
            "taskRef:".to_owned(),
            format!("  name: {}", escape(name)),
        ];
        let mut stop = 2;
        let required: Vec<ParamDecl<'_>> = param_declarations(target.spec.get("params"))
            .into_iter()
            .filter(|d| !d.has_default())
            .collect();
        if !required.is_empty() {
            lines.push("params:".to_owned());
            for decl in &required {
                lines.push(format!("  - name: {}", escape(decl.name)));
                lines.push(format!(
                    "    value: ${{{stop}:{}}}",
                    escape(&decl.placeholder())
                ));
                stop += 1;
            }
        }
        let workspaces: Vec<&str> = target
            .spec
            .get("workspaces")
            .into_iter()
            .flat_map(View::items)
            .filter(|w| w.get("optional").and_then(View::bool) != Some(true))
            .filter_map(|w| w.get("name")?.str())
            .collect();
        if !workspaces.is_empty() {
            lines.push("workspaces:".to_owned());
            for workspace_name in workspaces {
                lines.push(format!("  - name: {}", escape(workspace_name)));
                lines.push(format!(
                    "    workspace: ${{{stop}:{}}}",
                    escape(workspace_name)
                ));
                stop += 1;
            }
        }
        let new_text = block(&lines, request.cursor.column, dash);
        let mut item = request.item(name, CompletionKind::Snippet, new_text);
        item.snippet = true;
        item.detail = Some(format!("a {section} running Task `{name}`"));
        item.documentation = target
            .spec
            .get("description")
            .and_then(View::str)
            .map(str::to_owned);
        item.sort_text = format!("4{name}");
        items.push(item);
    }
    items
}

/// The first Task of that name, when a reference to it would be ambiguous (the snippet only
/// needs some version's params).
fn first_of<'w>(
    request: &Request<'w>,
    name: &str,
) -> Result<(semantics::Target<'w>, semantics::Owner), usize> {
    let (file, _) = request
        .workspace
        .find(TektonKind::Task, name)
        .into_iter()
        .next()
        .ok_or(0usize)?;
    semantics::resolve(request.workspace, file, TektonKind::Task, name, None)
}

/// The params or workspaces the target of `holder` declares and `holder` does not give yet.
fn bindings(
    request: &Request<'_>,
    holder: View<'_>,
    kind: TektonKind,
    list: &str,
    dash: bool,
    run: bool,
) -> Vec<CompletionItem> {
    let Some(target) = semantics::target_of(request.workspace, request.file, holder, kind) else {
        return Vec::new();
    };
    let given = names(holder.get(list));
    let owner = kind.as_str();
    if list == "params" {
        return param_declarations(target.spec.get("params"))
            .into_iter()
            .filter(|decl| !given.contains(&decl.name))
            .map(|decl| {
                let lines = [
                    format!("name: {}", escape(decl.name)),
                    format!("value: ${{1:{}}}", escape(&decl.placeholder())),
                ];
                let new_text = block(&lines, request.cursor.column, dash);
                let mut item = param_item(request, &decl, owner, new_text);
                item.snippet = true;
                item
            })
            .collect();
    }
    let pipeline_workspaces = request
        .place
        .pipeline_spec
        .map(|spec| names(spec.get("workspaces")))
        .unwrap_or_default();
    target
        .spec
        .get("workspaces")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|w| Some((w.get("name")?.str()?, w)))
        .filter(|(name, _)| !given.contains(name))
        .map(|(name, declaration)| {
            let source = if run {
                "emptyDir: {\\}".to_owned()
            } else {
                let suggested = pipeline_workspaces
                    .iter()
                    .find(|w| **w == name)
                    .or(pipeline_workspaces.first())
                    .copied()
                    .unwrap_or(name);
                format!("workspace: ${{1:{}}}", escape(suggested))
            };
            let lines = [format!("name: {}", escape(name)), source];
            let new_text = block(&lines, request.cursor.column, dash);
            let mut item = request.item(name, CompletionKind::Reference, new_text);
            item.snippet = true;
            let optional = declaration.get("optional").and_then(View::bool) == Some(true);
            item.detail = Some(format!(
                "{} workspace of the {owner}",
                if optional { "optional" } else { "required" }
            ));
            item.documentation = declaration
                .get("description")
                .and_then(View::str)
                .map(str::to_owned);
            item.sort_text = format!("0{}{name}", u8::from(optional));
            item
        })
        .collect()
}

/// An item for a param the target declares: its type, default and description, required ones
/// first.
pub(crate) fn param_item(
    request: &Request<'_>,
    decl: &ParamDecl<'_>,
    owner: &str,
    new_text: String,
) -> CompletionItem {
    let mut item = request.item(decl.name, CompletionKind::Reference, new_text);
    item.detail = Some(param_detail(decl, owner));
    item.documentation = decl
        .decl
        .get("description")
        .and_then(View::str)
        .map(str::to_owned);
    item.sort_text = format!("0{}{}", u8::from(decl.has_default()), decl.name);
    item
}

/// `string param of the Task, default "main"` / `array param of the Task, required`.
fn param_detail(decl: &ParamDecl<'_>, owner: &str) -> String {
    let default = decl
        .decl
        .get("default")
        .filter(|d| !d.is_null())
        .map(|d| match d.scalar_text() {
            Some(text) => format!("default `{text}`"),
            None => "has a default".to_owned(),
        })
        .unwrap_or_else(|| "required".to_owned());
    format!("{} param of the {owner}, {default}", decl.ty.as_str())
}

/// Keys and whole-document skeletons for a document whose kind is not known yet.
fn document_start(request: &Request<'_>, present: &[String]) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = [
        (
            "apiVersion",
            "The API group and version: `tekton.dev/v1` for Tekton's kinds.",
        ),
        (
            "kind",
            "`Task`, `Pipeline`, `TaskRun`, `PipelineRun` or `StepAction`.",
        ),
        (
            "metadata",
            "The object's name, namespace, labels and annotations.",
        ),
        ("spec", "The desired state of the object."),
    ]
    .iter()
    .filter(|(key, _)| !present.iter().any(|p| p == key))
    .map(|(key, docs)| {
        let lines = if matches!(*key, "metadata" | "spec") {
            vec![format!("{key}:"), "  $0".to_owned()]
        } else {
            vec![format!("{key}: $0")]
        };
        let mut item = request.item(
            *key,
            CompletionKind::Field,
            block(&lines, request.cursor.column, false),
        );
        item.snippet = true;
        item.documentation = Some((*docs).to_owned());
        item.sort_text = format!("1{key}");
        item
    })
    .collect();
    if !present.is_empty() || request.cursor.column != 0 {
        return items;
    }
    let skeletons: [(&str, &str, &[&str]); 4] = [
        (
            "Task",
            "v1",
            &[
                "steps:",
                "  - name: ${2:step}",
                "    image: ${3:image}",
                "    script: |",
                "      $0",
            ],
        ),
        (
            "Pipeline",
            "v1",
            &[
                "tasks:",
                "  - name: ${2:task}",
                "    taskRef:",
                "      name: ${3:task}$0",
            ],
        ),
        ("TaskRun", "v1", &["taskRef:", "  name: ${2:task}$0"]),
        (
            "PipelineRun",
            "v1",
            &["pipelineRef:", "  name: ${2:pipeline}$0"],
        ),
    ];
    for (kind, version, spec) in skeletons {
        let mut lines = vec![
            format!("apiVersion: tekton.dev/{version}"),
            format!("kind: {kind}"),
            "metadata:".to_owned(),
            "  name: ${1:name}".to_owned(),
            "spec:".to_owned(),
        ];
        lines.extend(spec.iter().map(|line| format!("  {line}")));
        let mut item = request.item(kind, CompletionKind::Snippet, block(&lines, 0, false));
        item.snippet = true;
        item.detail = Some(format!("a new {kind}"));
        item.sort_text = format!("3{kind}");
        items.push(item);
    }
    items
}
