//! Inlay hints: the defaults a pipeline task or run gets for the params it leaves out, shown at
//! the end of its `params:` line (or of its `taskRef`/`pipelineRef` name when it has no
//! `params`).

use tekton_analysis::rules::param_declarations;
use tekton_analysis::rules::view::View;
use tekton_analysis::{DocumentKind, FileRef, Span, TektonKind, Workspace};

use crate::semantics::target_of;

/// A label shown in the text at `offset` (after it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// The hints of `file` whose place lies in `range`.
pub fn inlay_hints(workspace: &Workspace, file: &FileRef, range: Span) -> Vec<InlayHint> {
    let Some((file, analysis)) = workspace.entry(file) else {
        return Vec::new();
    };
    let text = analysis.text.as_str();
    let mut out = Vec::new();
    for document in &analysis.documents {
        let (DocumentKind::Tekton { kind, .. }, Some(root)) = (&document.kind, document.root)
        else {
            continue;
        };
        if !document.span.touches(range.start) && !range.touches(document.span.start) {
            continue;
        }
        let Some(spec) = View::new(&analysis.syntax, root).get("spec") else {
            continue;
        };
        // Who runs what: pipeline tasks (in a Pipeline, or a PipelineRun's inline spec) and runs.
        let mut holders: Vec<(View<'_>, TektonKind)> = Vec::new();
        let pipelines = match kind {
            TektonKind::Pipeline => vec![spec],
            TektonKind::PipelineRun => spec.get("pipelineSpec").into_iter().collect(),
            _ => Vec::new(),
        };
        for pipeline in pipelines {
            for list in ["tasks", "finally"] {
                for task in pipeline.get(list).into_iter().flat_map(View::items) {
                    let target = if task.has("pipelineRef") {
                        TektonKind::Pipeline
                    } else {
                        TektonKind::Task
                    };
                    holders.push((task, target));
                }
            }
        }
        match kind {
            TektonKind::TaskRun => holders.push((spec, TektonKind::Task)),
            TektonKind::PipelineRun => holders.push((spec, TektonKind::Pipeline)),
            _ => {}
        }
        for (holder, target_kind) in holders {
            // Inline specs show their defaults themselves.
            let reference = if target_kind == TektonKind::Pipeline {
                "pipelineRef"
            } else {
                "taskRef"
            };
            let Some(reference) = holder.get(reference) else {
                continue;
            };
            let Some(target) = target_of(workspace, file, holder, target_kind) else {
                continue;
            };
            let given: Vec<&str> = holder
                .get("params")
                .into_iter()
                .flat_map(View::items)
                .filter_map(|p| p.get("name")?.str())
                .collect();
            let anchor = holder.get("params").map_or_else(
                || {
                    reference
                        .get("name")
                        .map_or(reference.key_span(), View::span)
                },
                View::key_span,
            );
            let line_end = text
                .get(anchor.end..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| anchor.end + i);
            let offset = line_end
                - text
                    .get(..line_end)
                    .map_or(0, |t| t.len() - t.trim_end().len());
            if !range.touches(offset) {
                continue;
            }
            for decl in param_declarations(target.spec.get("params")) {
                if given.contains(&decl.name) {
                    continue;
                }
                let Some(default) = decl.decl.get("default").filter(|d| !d.is_null()) else {
                    continue;
                };
                let shown = match default.scalar_text() {
                    Some(value) => format!("\"{value}\""),
                    None => {
                        let source = target_text(workspace, target.file, default.span());
                        source.split_whitespace().collect::<Vec<_>>().join(" ")
                    }
                };
                out.push(InlayHint {
                    offset,
                    label: format!("{} = {shown}", decl.name),
                    tooltip: Some(format!(
                        "`{}` is not given, so the {} default applies",
                        decl.name,
                        target_kind.as_str()
                    )),
                });
            }
        }
    }
    out
}

/// The text of `span` in `file`.
fn target_text<'w>(workspace: &'w Workspace, file: &FileRef, span: Span) -> &'w str {
    workspace
        .get(file)
        .and_then(|analysis| analysis.text.get(span.start..span.end))
        .unwrap_or("")
}
