//! Go to definition and find references, for params, results, workspaces, pipeline tasks,
//! steps, and `taskRef`/`pipelineRef` names (to the referenced document, in whatever file).

use tekton_analysis::{FileRef, Workspace};

use crate::Location;
use crate::semantics::{self, Occurrence, Symbol};

/// Where the name at `offset` is declared (empty when it is not a name, or is undeclared).
pub fn definition(workspace: &Workspace, file: &FileRef, offset: usize) -> Vec<Location> {
    let Some(at) = semantics::occurrence_at(workspace, file, offset) else {
        return Vec::new();
    };
    declarations(workspace, &at.symbol)
        .into_iter()
        .map(|o| Location {
            file: o.file,
            span: o.span,
        })
        .collect()
}

/// Every place the name at `offset` is written, in every file of the workspace; the
/// declaration too when `include_declaration`.
pub fn references(
    workspace: &Workspace,
    file: &FileRef,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(at) = semantics::occurrence_at(workspace, file, offset) else {
        return Vec::new();
    };
    let (occurrences, _) = semantics::find_all(workspace, &at.symbol);
    let mut locations: Vec<Location> = occurrences
        .into_iter()
        .filter(|o| include_declaration || !o.declaration)
        .map(|o| Location {
            file: o.file,
            span: o.span,
        })
        .collect();
    locations.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
    locations.dedup();
    locations
}

/// The declarations of `symbol`, found in its owner's document.
pub(crate) fn declarations(workspace: &Workspace, symbol: &Symbol) -> Vec<Occurrence> {
    let Some((file, _, document)) = semantics::owner_document(workspace, &symbol.owner) else {
        return Vec::new();
    };
    semantics::Walk::document(workspace, file, document)
        .occurrences
        .into_iter()
        .filter(|o| o.declaration && o.symbol == *symbol)
        .collect()
}
