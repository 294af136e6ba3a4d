//! Hover: for a name, its declaration (type, default, description, where it is declared); for a
//! `taskRef`/`pipelineRef` name, a summary of the referenced document; for a key, the schema's
//! description (Tekton's own, and the Kubernetes descriptions of embedded core types); for an
//! enumerated value, what it means; for a `context` variable, what it holds.

use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{ParamDecl, param_declarations};
use tekton_analysis::syntax::NodeKind;
use tekton_analysis::variables::{self, ContextScope, Variable};
use tekton_analysis::{DocumentKind, Encoding, FileAnalysis, FileRef, Span, Workspace};

use crate::navigation::declarations;
use crate::schema;
use crate::semantics::{self, Occurrence, Symbol, SymbolKind};

/// What to show for the text at a position: Markdown, and the span it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// The hover at `offset` of `file`, if there is anything to say.
pub fn hover(workspace: &Workspace, file: &FileRef, offset: usize) -> Option<Hover> {
    let (file, analysis) = workspace.entry(file)?;
    if let Some(at) = semantics::occurrence_at(workspace, file, offset)
        && let Some(markdown) = symbol(workspace, &at)
    {
        return Some(Hover {
            span: at.span,
            markdown,
        });
    }
    context_variable(analysis, offset).or_else(|| schema_field(analysis, offset))
}

/// The view of a symbol's declaration (the list item that declares it).
pub(crate) fn declaration<'w>(workspace: &'w Workspace, symbol: &Symbol) -> Option<View<'w>> {
    let tree = &workspace.get(&symbol.owner.file)?.syntax;
    let owner = View::new(tree, symbol.owner.node);
    let named = |list: Option<View<'w>>| {
        list.into_iter()
            .flat_map(View::items)
            .find(|item| item.get("name").and_then(View::str) == Some(symbol.name.as_str()))
    };
    match &symbol.kind {
        SymbolKind::Param => named(owner.get("params")),
        SymbolKind::Result => named(owner.get("results")),
        SymbolKind::Workspace => named(owner.get("workspaces")),
        SymbolKind::PipelineTask => {
            named(owner.get("tasks")).or_else(|| named(owner.get("finally")))
        }
        SymbolKind::Step => named(owner.get("steps")),
        SymbolKind::StepResult(step) => owner
            .get("steps")
            .into_iter()
            .flat_map(View::items)
            .find(|s| s.get("name").and_then(View::str) == Some(step.as_str()))
            .and_then(|s| named(s.get("results"))),
        SymbolKind::Document(_) => Some(owner),
    }
}

fn symbol(workspace: &Workspace, at: &Occurrence) -> Option<String> {
    let symbol = &at.symbol;
    let declared = declaration(workspace, symbol)?;
    if let SymbolKind::Document(kind) = symbol.kind {
        return Some(summary(&symbol.owner.file, kind.as_str(), declared));
    }
    let noun = symbol.kind.noun();
    let mut title = format!("**{noun} `{}`**", symbol.name);
    let mut body = Vec::new();
    match &symbol.kind {
        SymbolKind::Param => {
            let params = param_declarations(declared_list(workspace, symbol, "params"));
            if let Some(decl) = params.iter().find(|d| d.name == symbol.name) {
                title.push_str(&format!(
                    " · `{}` · {}",
                    decl.ty.as_str(),
                    default_text(decl)
                ));
                let keys: Vec<&str> = decl.properties().collect();
                if !keys.is_empty() {
                    body.push(format!("Keys: {}", code_list(&keys)));
                }
            }
        }
        SymbolKind::Result | SymbolKind::StepResult(_) => {
            let ty = declared.get("type").and_then(View::str).unwrap_or("string");
            title.push_str(&format!(" · `{ty}`"));
            if let SymbolKind::StepResult(step) = &symbol.kind {
                title.push_str(&format!(" of step `{step}`"));
            }
        }
        SymbolKind::Workspace => {
            if declared.get("optional").and_then(View::bool) == Some(true) {
                title.push_str(" · optional");
            }
            if let Some(path) = declared.get("mountPath").and_then(View::str) {
                body.push(format!("Mounted at `{path}`."));
            }
        }
        SymbolKind::PipelineTask => {
            if let Some(task) = declared
                .get("taskRef")
                .and_then(|r| r.get("name"))
                .and_then(View::str)
            {
                title.push_str(&format!(" · runs Task `{task}`"));
            } else if declared.has("taskSpec") {
                title.push_str(" · inline taskSpec");
            }
            let after: Vec<&str> = declared
                .get("runAfter")
                .into_iter()
                .flat_map(View::items)
                .filter_map(View::str)
                .collect();
            if !after.is_empty() {
                body.push(format!("Runs after {}.", code_list(&after)));
            }
        }
        SymbolKind::Step => {
            if let Some(image) = declared.get("image").and_then(View::str) {
                title.push_str(&format!(" · `{image}`"));
            }
        }
        SymbolKind::Document(_) => {}
    }
    if let Some(description) = declared.get("description").and_then(View::str) {
        body.insert(0, description.trim().to_owned());
    }
    if let Some(place) = declared_in(workspace, symbol) {
        body.push(place);
    }
    let mut out = title;
    for part in body {
        out.push_str("\n\n");
        out.push_str(&part);
    }
    Some(out)
}

/// The list of the symbol's owner that declares it.
fn declared_list<'w>(workspace: &'w Workspace, symbol: &Symbol, list: &str) -> Option<View<'w>> {
    let tree = &workspace.get(&symbol.owner.file)?.syntax;
    View::new(tree, symbol.owner.node).get(list)
}

fn default_text(decl: &ParamDecl<'_>) -> String {
    match decl.decl.get("default").filter(|d| !d.is_null()) {
        None => "required".to_owned(),
        Some(default) => match default.scalar_text() {
            Some(text) => format!("default `{text}`"),
            None if default.is_seq() => {
                let items: Vec<&str> = default.items().filter_map(View::scalar_text).collect();
                format!("default `[{}]`", items.join(", "))
            }
            None => "has a default".to_owned(),
        },
    }
}

fn code_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Declared in Task `build` (task.yaml:8)".
fn declared_in(workspace: &Workspace, symbol: &Symbol) -> Option<String> {
    let (file, analysis, document) = semantics::owner_document(workspace, &symbol.owner)?;
    let declaration = declarations(workspace, symbol).into_iter().next()?;
    let line = analysis
        .line_index
        .position(declaration.span.start, Encoding::Utf32)
        .line
        + 1;
    let owner = match (&document.kind, document.name()) {
        (DocumentKind::Tekton { kind, .. }, Some(name)) => format!("{} `{name}`", kind.as_str()),
        (DocumentKind::Tekton { kind, .. }, None) => format!("a {}", kind.as_str()),
        _ => "a document".to_owned(),
    };
    let inline = document.root.is_some_and(|root| {
        View::new(&analysis.syntax, root)
            .get("spec")
            .is_none_or(|spec| spec.id() != symbol.owner.node)
    });
    let within = if inline { ", in an inline spec" } else { "" };
    Some(format!("Declared in {owner}{within} ({file}:{line})"))
}

/// A Task's or Pipeline's interface: description, params, results, workspaces (and tasks).
fn summary(file: &FileRef, kind: &str, root: View<'_>) -> String {
    let name = root
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(View::str)
        .unwrap_or_default();
    let mut out = format!("**{kind} `{name}`** ({file})");
    let Some(spec) = root.get("spec") else {
        return out;
    };
    if let Some(description) = spec.get("description").and_then(View::str) {
        out.push_str("\n\n");
        out.push_str(description.trim());
    }
    let params = param_declarations(spec.get("params"));
    if !params.is_empty() {
        out.push_str("\n\n| Param | Type | Default | Description |\n|---|---|---|---|");
        for decl in &params {
            let default = match decl.decl.get("default").filter(|d| !d.is_null()) {
                None => "*required*".to_owned(),
                Some(_) => default_text(decl).trim_start_matches("default ").to_owned(),
            };
            let description = decl
                .decl
                .get("description")
                .and_then(View::str)
                .map(|d| d.trim().replace('\n', " ").replace('|', "\\|"))
                .unwrap_or_default();
            out.push_str(&format!(
                "\n| `{}` | {} | {default} | {description} |",
                decl.name,
                decl.ty.as_str()
            ));
        }
    }
    let names = |list: &str, optional_key: Option<&str>| -> Vec<String> {
        spec.get(list)
            .into_iter()
            .flat_map(View::items)
            .filter_map(|item| {
                let name = item.get("name")?.str()?;
                let optional = optional_key
                    .is_some_and(|key| item.get(key).and_then(View::bool) == Some(true));
                Some(if optional {
                    format!("`{name}` (optional)")
                } else {
                    format!("`{name}`")
                })
            })
            .collect()
    };
    for (label, list, optional) in [
        ("Results", "results", None),
        ("Workspaces", "workspaces", Some("optional")),
        ("Tasks", "tasks", None),
    ] {
        let found = names(list, optional);
        if !found.is_empty() {
            out.push_str(&format!("\n\n**{label}**: {}", found.join(", ")));
        }
    }
    out
}

/// What a `$(context...)` (or other variable without a declaration) holds.
fn context_variable(analysis: &FileAnalysis, offset: usize) -> Option<Hover> {
    let tree = &analysis.syntax;
    let document = semantics::document_at(analysis, offset)?;
    let cursor = tree.cursor_path(document.root?, offset);
    let node = cursor.node?;
    let NodeKind::Scalar(scalar) = &tree.node(node).kind else {
        return None;
    };
    let view = View::new(tree, node);
    for reference in variables::references(&scalar.value) {
        let span = view.sub_span(&analysis.text, reference.range.clone());
        if !span.touches(offset) {
            continue;
        }
        let markdown = match &reference.variable {
            Variable::Context { scope, field } => context_docs(*scope, field.text)?,
            Variable::CredentialsPath => "The folder where Tekton writes the credentials of the run's service account.".to_owned(),
            Variable::TasksStatus => "The aggregate status of the pipeline's tasks: `Succeeded`, `Failed`, `Completed` or `None`.".to_owned(),
            _ => continue,
        };
        return Some(Hover {
            span,
            markdown: format!("**`$({})`**\n\n{markdown}", reference.body),
        });
    }
    None
}

fn context_docs(scope: ContextScope, field: &str) -> Option<String> {
    let object = match scope {
        ContextScope::TaskRun => "TaskRun",
        ContextScope::Task => "Task",
        ContextScope::PipelineRun => "PipelineRun",
        ContextScope::Pipeline => "Pipeline",
        ContextScope::PipelineTask => "pipeline task",
    };
    Some(match field {
        "name" => format!("The name of the {object}."),
        "namespace" => format!("The namespace of the {object}."),
        "uid" => format!("The uid of the {object}."),
        "retry-count" => "How many times the task has been retried so far.".to_owned(),
        "retries" => "How many retries the pipeline task has.".to_owned(),
        _ => return None,
    })
}

/// The schema's description of the key at `offset`, or of the enumerated value there.
fn schema_field(analysis: &FileAnalysis, offset: usize) -> Option<Hover> {
    let tree = &analysis.syntax;
    let document = semantics::document_at(analysis, offset)?;
    let DocumentKind::Tekton { version, kind } = document.kind else {
        return None;
    };
    let cursor = tree.cursor_path(document.root?, offset);
    let (root, schemas) = schema::at((version, kind), &cursor.path)?;
    let field = match cursor.path.last()? {
        tekton_analysis::syntax::PathSegment::Key(key) => key.clone(),
        tekton_analysis::syntax::PathSegment::Index(_) => return None,
    };
    let description = schema::description(&schemas)?;
    let located = tree.locate(document.root?, &cursor.path)?;
    if cursor.on_key {
        let ty = schema::type_label(root, &schemas)
            .map(|t| format!(" · `{t}`"))
            .unwrap_or_default();
        return Some(Hover {
            span: located.key_span?,
            markdown: format!("**{field}**{ty}\n\n{description}"),
        });
    }
    if !located.value_span.touches(offset) {
        return None;
    }
    let value = cursor.node.and_then(|n| tree.scalar(n))?;
    let choice = schema::choices(&schemas)
        .into_iter()
        .find(|c| c.text == value.value)?;
    let meaning = choice.description.unwrap_or(description);
    Some(Hover {
        span: located.value_span,
        markdown: format!("**{field}: `{}`**\n\n{meaning}", choice.text),
    })
}
