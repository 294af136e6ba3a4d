//! Completing after `$(`: the variables valid at the cursor's place.
//!
//! In a TaskSpec: its params (`[*]` for arrays, `.key` for object properties), result paths,
//! workspaces, `context.taskRun`/`context.task`, the results of the steps before the current
//! one, the current step's result paths. In a pipeline task: the Pipeline's params, the results
//! of the tasks that may run before it (only the results their Task declares, inline or in
//! another file), `context.pipelineRun`/`pipeline`/`pipelineTask`, workspace `bound` flags, and
//! in finally tasks the tasks' execution status. An embedded `taskSpec` gets both.

use tekton_analysis::dag::Section;
use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{ParamType, PipelineGraph, param_declarations};
use tekton_analysis::variables::ContextScope;
use tekton_analysis::{Span, TektonKind, TextEdit};

use super::{CompletionItem, CompletionKind, Request};
use crate::semantics;

/// The `$(` reference being typed at the cursor: where its body starts, and the body so far.
pub(crate) struct Typed<'a> {
    pub body_start: usize,
    pub body: &'a str,
}

/// Characters of a variable body (names, dots, brackets, quotes of bracket names).
fn is_body(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '*' | '"' | '\'')
}

/// The unclosed `$(` before `offset` on its line, if the text after it is a variable so far.
pub(crate) fn typed_at(text: &str, offset: usize) -> Option<Typed<'_>> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let open = before.get(line_start..)?.rfind("$(")? + line_start;
    let body = before.get(open + 2..)?;
    body.chars().all(is_body).then_some(Typed {
        body_start: open + 2,
        body,
    })
}

/// One variable valid at the cursor.
struct Variable {
    body: String,
    detail: String,
    documentation: Option<String>,
    /// Orders groups: params, then results, workspaces, context.
    group: u8,
}

pub(crate) fn complete(request: &Request<'_>, typed: Typed<'_>) -> Vec<CompletionItem> {
    let text = request.text();
    let mut variables = Vec::new();
    collect(request, &mut variables);
    // The segments typed up to the last dot are settled; the editor filters the rest.
    let settled = typed.body.rfind('.').map_or("", |dot| &typed.body[..=dot]);
    let body_end = typed.body_start
        + text
            .get(typed.body_start..)
            .unwrap_or("")
            .chars()
            .take_while(|c| is_body(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let closed = text
        .get(body_end..)
        .is_some_and(|rest| rest.starts_with(')'));
    let span = Span::new(typed.body_start, body_end);
    let mut items: Vec<CompletionItem> = variables
        .into_iter()
        .filter(|variable| variable.body.starts_with(settled))
        .map(|variable| {
            let mut new_text = variable.body.clone();
            if !closed {
                new_text.push(')');
            }
            let mut item = request.item(variable.body.clone(), CompletionKind::Variable, new_text);
            item.edit = TextEdit {
                span,
                new_text: item.edit.new_text,
            };
            item.detail = Some(variable.detail);
            item.documentation = variable.documentation;
            item.sort_text = format!("{}{}", variable.group, variable.body);
            item
        })
        .collect();
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    items.dedup_by(|a, b| a.label == b.label);
    items
}

fn collect(request: &Request<'_>, out: &mut Vec<Variable>) {
    let place = &request.place;
    if let Some(spec) = place.task_spec {
        task_variables(request, spec, out);
    }
    if let Some(spec) = place.step_action {
        params(spec, "StepAction", &[], out);
        for name in names(spec.get("results")) {
            push(
                out,
                format!("step.results.{name}.path"),
                "the file to write this result to",
                1,
            );
        }
    }
    if let Some(spec) = place.pipeline_spec
        && (place.pipeline_task.is_some() || place.pipeline_results)
    {
        pipeline_variables(request, spec, out);
    }
}

fn push(out: &mut Vec<Variable>, body: String, detail: &str, group: u8) {
    out.push(Variable {
        body,
        detail: detail.to_owned(),
        documentation: None,
        group,
    });
}

/// The string names of a list's items.
fn names(list: Option<View<'_>>) -> Vec<&str> {
    list.into_iter()
        .flat_map(View::items)
        .filter_map(|item| item.get("name")?.str())
        .collect()
}

/// `params.<name>` (or `params["dotted.name"]`) for each declared param, with `[*]` for arrays
/// and `.key` for object properties; `skip` are names a nearer spec declares.
fn params(spec: View<'_>, owner: &str, skip: &[&str], out: &mut Vec<Variable>) {
    for decl in param_declarations(spec.get("params")) {
        if skip.contains(&decl.name) {
            continue;
        }
        let base = if decl.name.contains('.') {
            format!("params[\"{}\"]", decl.name)
        } else {
            format!("params.{}", decl.name)
        };
        let detail = format!("{} param of the {owner}", decl.ty.as_str());
        let documentation = param_documentation(&decl);
        let mut add = |body: String, detail: String| {
            out.push(Variable {
                body,
                detail,
                documentation: documentation.clone(),
                group: 0,
            });
        };
        match decl.ty {
            ParamType::String => add(base, detail),
            ParamType::Array => {
                add(format!("{base}[*]"), format!("{detail}, whole"));
                add(base, detail);
            }
            ParamType::Object => {
                add(format!("{base}[*]"), format!("{detail}, whole"));
                for key in decl.properties() {
                    add(
                        format!("{base}.{key}"),
                        format!("property of the {} param", decl.name),
                    );
                }
            }
        }
    }
}

fn param_documentation(decl: &tekton_analysis::rules::ParamDecl<'_>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(description) = decl.decl.get("description").and_then(View::str) {
        parts.push(description.to_owned());
    }
    if let Some(default) = decl.decl.get("default").and_then(View::scalar_text) {
        parts.push(format!("Default: `{default}`"));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn task_variables(request: &Request<'_>, spec: View<'_>, out: &mut Vec<Variable>) {
    params(spec, "Task", &[], out);
    for result in spec.get("results").into_iter().flat_map(View::items) {
        if let Some(name) = result.get("name").and_then(View::str) {
            push(
                out,
                format!("results.{name}.path"),
                "the file to write this Task result to",
                1,
            );
        }
    }
    for name in names(spec.get("workspaces")) {
        for (field, what) in [
            ("path", "where the workspace is mounted"),
            ("bound", "`true` when a volume is bound to it"),
            ("claim", "the name of the bound PersistentVolumeClaim"),
            ("volume", "the name of the bound volume"),
        ] {
            push(out, format!("workspaces.{name}.{field}"), what, 2);
        }
    }
    for scope in [ContextScope::TaskRun, ContextScope::Task] {
        context(scope, out);
    }
    let current = request.place.step.map(|(index, _)| index);
    for (index, step) in spec
        .get("steps")
        .into_iter()
        .flat_map(View::items)
        .enumerate()
    {
        let Some(step_name) = step.get("name").and_then(View::str) else {
            continue;
        };
        let results = names(step.get("results"));
        if Some(index) == current {
            for result in results {
                push(
                    out,
                    format!("step.results.{result}.path"),
                    "the file to write this step result to",
                    1,
                );
            }
        } else if current.is_none_or(|current| index < current) {
            for result in results {
                push(
                    out,
                    format!("steps.{step_name}.results.{result}"),
                    "a result of an earlier step",
                    1,
                );
            }
            push(
                out,
                format!("steps.step-{step_name}.exitCode.path"),
                "the file holding the step's exit code",
                1,
            );
        }
    }
    push(
        out,
        "credentials.path".to_owned(),
        "where credentials are written",
        3,
    );
    if let Some(pipeline) = request.place.pipeline_spec {
        // An embedded taskSpec: the Pipeline's params propagate into it.
        let own = names(spec.get("params"));
        params(pipeline, "Pipeline", &own, out);
    }
}

fn context(scope: ContextScope, out: &mut Vec<Variable>) {
    let name = match scope {
        ContextScope::TaskRun => "taskRun",
        ContextScope::Task => "task",
        ContextScope::PipelineRun => "pipelineRun",
        ContextScope::Pipeline => "pipeline",
        ContextScope::PipelineTask => "pipelineTask",
    };
    for field in scope.fields() {
        push(out, format!("context.{name}.{field}"), "context", 3);
    }
}

fn pipeline_variables(request: &Request<'_>, spec: View<'_>, out: &mut Vec<Variable>) {
    let place = &request.place;
    if place.task_spec.is_none() {
        params(spec, "Pipeline", &[], out);
        for scope in [
            ContextScope::PipelineRun,
            ContextScope::Pipeline,
            ContextScope::PipelineTask,
        ] {
            context(scope, out);
        }
        for name in names(spec.get("workspaces")) {
            push(
                out,
                format!("workspaces.{name}.bound"),
                "`true` when the PipelineRun binds this workspace",
                2,
            );
        }
    }
    let graph = PipelineGraph::new(request.text(), spec);
    let current = place.pipeline_task;
    let own = current.and_then(|(task, _)| task.get("name")?.str());
    let in_finally = current.is_some_and(|(_, section)| section == Section::Finally);
    for (name, section, view) in graph.tasks() {
        let readable = match section {
            // Results of tasks that may run before: not itself, not those that run after it.
            Section::Tasks => {
                Some(name) != own && !own.is_some_and(|own| graph.depends_on(name, own))
            }
            Section::Finally => place.pipeline_results,
        };
        if !readable {
            continue;
        }
        let root = if section == Section::Finally {
            "finally"
        } else {
            "tasks"
        };
        task_results(request, view, &format!("{root}.{name}"), out);
        if in_finally && section == Section::Tasks {
            push(
                out,
                format!("tasks.{name}.status"),
                "the task's execution status",
                4,
            );
            push(
                out,
                format!("tasks.{name}.reason"),
                "why the task ended as it did",
                4,
            );
        }
    }
    if in_finally {
        push(
            out,
            "tasks.status".to_owned(),
            "the aggregate status of the pipeline's tasks",
            4,
        );
    }
}

/// `<prefix>.results.<r>` for each result the task's Task declares.
fn task_results(request: &Request<'_>, task: View<'_>, prefix: &str, out: &mut Vec<Variable>) {
    let Some(target) =
        semantics::target_of(request.workspace, request.file, task, TektonKind::Task)
    else {
        return;
    };
    for result in target.spec.get("results").into_iter().flat_map(View::items) {
        let Some(name) = result.get("name").and_then(View::str) else {
            continue;
        };
        let ty = result.get("type").and_then(View::str).unwrap_or("string");
        let detail = format!(
            "{ty} result of `{}`",
            prefix.rsplit('.').next().unwrap_or(prefix)
        );
        let documentation = result
            .get("description")
            .and_then(View::str)
            .map(str::to_owned);
        let base = format!("{prefix}.results.{name}");
        let mut add = |body: String| {
            out.push(Variable {
                body,
                detail: detail.clone(),
                documentation: documentation.clone(),
                group: 1,
            });
        };
        match ty {
            "array" => {
                add(format!("{base}[*]"));
                add(base);
            }
            "object" => {
                add(format!("{base}[*]"));
                for (key, _) in result.get("properties").into_iter().flat_map(View::entries) {
                    add(format!("{base}.{key}"));
                }
            }
            _ => add(base),
        }
    }
}
