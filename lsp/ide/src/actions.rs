//! Code actions: the fix each diagnostic carries (did-you-mean renames, declaring a missing
//! param, adding a missing required param with a placeholder of its type, ...) as a quick fix,
//! and one source action that applies every fix of the file that does not collide with another.
//!
//! The fixes come from the engine (`Diagnostic::fix`), so `check` reports the same ones. A
//! diagnostic carries at most the one fix the engine proposes; it is marked preferred unless a
//! fix of another diagnostic at the cursor edits the same text, where there is no single best.

use tekton_analysis::{Diagnostic, Span, TextEdit};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: ActionKind,
    /// The diagnostics the action resolves.
    pub diagnostics: Vec<Diagnostic>,
    /// Edits of the file, sorted, not overlapping.
    pub edits: Vec<TextEdit>,
    /// The one best fix for its diagnostic (editors apply it on "auto fix").
    pub preferred: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// LSP `quickfix`.
    QuickFix,
    /// LSP `source.fixAll`.
    FixAll,
}

/// The actions for `range` of a file whose diagnostics are `diagnostics`: a quick fix per
/// diagnostic touching the range, then the file's fix-all action when it has any fix.
pub fn code_actions(diagnostics: &[Diagnostic], range: Span) -> Vec<CodeAction> {
    let here: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.fix.is_some() && (d.span.touches(range.start) || range.touches(d.span.start)))
        .collect();
    let mut actions: Vec<CodeAction> = here
        .iter()
        .filter_map(|diagnostic| {
            let fix = diagnostic.fix.as_ref()?;
            let contested = here.iter().any(|other| {
                !std::ptr::eq(*other, *diagnostic)
                    && other
                        .fix
                        .as_ref()
                        .is_some_and(|o| collide(&o.edits, &fix.edits))
            });
            Some(CodeAction {
                title: fix.title.clone(),
                kind: ActionKind::QuickFix,
                diagnostics: vec![(*diagnostic).clone()],
                edits: sorted(fix.edits.clone()),
                preferred: !contested,
            })
        })
        .collect();
    actions.extend(fix_all(diagnostics));
    actions
}

/// Every fix of the file, except those that collide with one taken before (run it again for
/// those); `None` when no diagnostic has a fix.
pub fn fix_all(diagnostics: &[Diagnostic]) -> Option<CodeAction> {
    let mut taken: Vec<&Diagnostic> = Vec::new();
    let mut edits: Vec<TextEdit> = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = &diagnostic.fix else { continue };
        if collide(&edits, &fix.edits) {
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
        taken.push(diagnostic);
    }
    if taken.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: format!(
            "Fix all auto-fixable problems ({} fix{})",
            taken.len(),
            if taken.len() == 1 { "" } else { "es" }
        ),
        kind: ActionKind::FixAll,
        diagnostics: taken.into_iter().cloned().collect(),
        edits: sorted(edits),
        preferred: false,
    })
}

/// Whether applying both edit lists could mix them up: overlapping spans, or two insertions at
/// the same place.
fn collide(a: &[TextEdit], b: &[TextEdit]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            (x.span.start < y.span.end && y.span.start < x.span.end) || x.span.start == y.span.start
        })
    })
}

fn sorted(mut edits: Vec<TextEdit>) -> Vec<TextEdit> {
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    edits
}
