//! Rename of a param, result, workspace, pipeline task or step: every declaration and reference
//! in every file of the workspace, or a refusal that says why when the rename would break
//! something it cannot rewrite or cannot see.

use std::collections::BTreeMap;

use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{self, ParamType};
use tekton_analysis::{FileRef, Span, TextEdit, Workspace};

use crate::navigation::declarations;
use crate::semantics::{self, Blocker, Occurrence, SymbolKind};

/// Why a rename is refused; the message is one sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RenameError(pub String);

/// The edits of a rename, by file; each file's edits are sorted and do not overlap.
pub type WorkspaceEdit = BTreeMap<FileRef, Vec<TextEdit>>;

/// The name at `offset` that a rename would change, or why it cannot be renamed.
pub fn prepare_rename(
    workspace: &Workspace,
    file: &FileRef,
    offset: usize,
) -> Result<Span, RenameError> {
    let at = renamable(workspace, file, offset)?;
    Ok(at.span)
}

/// Renames the name at `offset` to `new_name` everywhere.
pub fn rename(
    workspace: &Workspace,
    file: &FileRef,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, RenameError> {
    let at = renamable(workspace, file, offset)?;
    let symbol = &at.symbol;
    let noun = symbol.kind.noun();
    if new_name == symbol.name {
        return Ok(WorkspaceEdit::new());
    }
    check_new_name(workspace, &at, new_name)?;
    let taken = semantics::owner_document(workspace, &symbol.owner).and_then(|(_, _, document)| {
        let file = &symbol.owner.file;
        let walk = semantics::Walk::document(workspace, file, document);
        walk.occurrences.into_iter().find(|o| {
            o.declaration
                && o.symbol.kind == symbol.kind
                && o.symbol.owner == symbol.owner
                && o.symbol.name == new_name
        })
    });
    if let Some(taken) = taken {
        return Err(RenameError(format!(
            "`{new_name}` is already the name of another {noun} here ({}); choose another name",
            position(workspace, &taken.file, taken.span)
        )));
    }
    let (occurrences, ambiguous) = semantics::find_all(workspace, symbol);
    if let Some(reference) = ambiguous.first() {
        let count = workspace.find(reference.kind, &reference.name).len();
        return Err(RenameError(format!(
            "{} refers to {} `{}`, which {count} documents of the workspace define, so its uses of the {noun} cannot be told apart; make the names unique first",
            position(workspace, &reference.file, reference.span),
            reference.kind.as_str(),
            reference.name
        )));
    }
    if let Some(blocked) = occurrences.iter().find(|o| o.blocker.is_some()) {
        return Err(blocked_error(workspace, blocked, noun));
    }
    let mut edits = WorkspaceEdit::new();
    for occurrence in occurrences {
        edits.entry(occurrence.file).or_default().push(TextEdit {
            span: occurrence.span,
            new_text: new_name.to_owned(),
        });
    }
    for file_edits in edits.values_mut() {
        file_edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
        file_edits.dedup();
    }
    Ok(edits)
}

/// The declared, renamable occurrence at `offset`.
fn renamable(
    workspace: &Workspace,
    file: &FileRef,
    offset: usize,
) -> Result<Occurrence, RenameError> {
    let at = semantics::occurrence_at(workspace, file, offset).ok_or_else(|| {
        RenameError(
            "there is no param, result, workspace, pipeline task or step name here to rename"
                .to_owned(),
        )
    })?;
    let noun = at.symbol.kind.noun();
    if let SymbolKind::Document(kind) = at.symbol.kind {
        return Err(RenameError(format!(
            "a {} is renamed by its `metadata.name`, which clusters and other repositories may refer to as well; rename it by hand",
            kind.as_str()
        )));
    }
    if declarations(workspace, &at.symbol).is_empty() {
        return Err(RenameError(format!(
            "{noun} `{}` is not declared, so there is no declaration to rename with it; declare it first",
            at.symbol.name
        )));
    }
    Ok(at)
}

fn check_new_name(
    workspace: &Workspace,
    at: &Occurrence,
    new_name: &str,
) -> Result<(), RenameError> {
    let symbol = &at.symbol;
    let valid = match &symbol.kind {
        SymbolKind::Param => {
            let ty = param_type(workspace, at).unwrap_or(ParamType::String);
            // A dotted name needs the bracket form in every reference.
            rules::is_param_name(new_name, ty) && !new_name.contains('.')
        }
        SymbolKind::Result | SymbolKind::StepResult(_) => rules::is_result_name(new_name),
        SymbolKind::PipelineTask | SymbolKind::Step | SymbolKind::Workspace => {
            rules::is_dns_label(new_name)
        }
        SymbolKind::Document(_) => false,
    };
    if valid {
        return Ok(());
    }
    let rule = match &symbol.kind {
        SymbolKind::Param => "a letter or `_` followed by letters, digits, `_` or `-`",
        SymbolKind::Result | SymbolKind::StepResult(_) => {
            "letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"
        }
        _ => {
            "lowercase letters, digits and `-`, starting and ending with a letter or digit (a DNS label)"
        }
    };
    Err(RenameError(format!(
        "`{new_name}` is not a valid {} name: use {rule}",
        symbol.kind.noun()
    )))
}

/// The declared type of the param `at` names.
fn param_type(workspace: &Workspace, at: &Occurrence) -> Option<ParamType> {
    let analysis = workspace.get(&at.symbol.owner.file)?;
    let spec = View::new(&analysis.syntax, at.symbol.owner.node);
    rules::param_declarations(spec.get("params"))
        .into_iter()
        .find(|decl| decl.name == at.symbol.name)
        .map(|decl| decl.ty)
}

fn blocked_error(workspace: &Workspace, blocked: &Occurrence, noun: &str) -> RenameError {
    let at = position(workspace, &blocked.file, blocked.span);
    RenameError(match blocked.blocker {
        Some(Blocker::SharedBinding) => format!(
            "the workspace binding at {at} has no `workspace:`, so its `name` is both the Task's workspace and the Pipeline's; add `workspace: {}` to it first",
            blocked.symbol.name
        ),
        _ => format!(
            "the {noun} is written at {at} in a way a rename cannot rewrite exactly (through an alias, or in a string with escapes or line folding); rewrite that place by hand"
        ),
    })
}

/// `file:line:column` (1-based, columns in characters) for messages.
fn position(workspace: &Workspace, file: &FileRef, span: Span) -> String {
    let Some(analysis) = workspace.get(file) else {
        return file.to_string();
    };
    let position = analysis
        .line_index
        .position(span.start, tekton_analysis::Encoding::Utf32);
    format!("{file}:{}:{}", position.line + 1, position.column + 1)
}
