//! `ref-deprecated`: a `taskRef` or `pipelineRef` to a Task or Pipeline labelled
//! `tekton.dev/deprecated: "true"` (the catalog's way of retiring a version).

use super::engine::Ctx;
use super::view::View;
use super::xdoc::plain_ref;
use crate::{FileRef, Related, Span, TektonKind, Workspace};

pub(crate) const REF_DEPRECATED: &str = "ref-deprecated";
const LABEL: &str = "tekton.dev/deprecated";

/// Reports the references of one document (of `kind`, whose `spec` is given) to deprecated
/// documents of the workspace.
pub(crate) fn check(
    cx: &mut Ctx<'_>,
    (workspace, file): (&Workspace, &FileRef),
    kind: TektonKind,
    spec: View<'_>,
) {
    if !cx.on(REF_DEPRECATED) {
        return;
    }
    let references = match kind {
        TektonKind::Pipeline => pipeline_refs(Some(spec)),
        TektonKind::PipelineRun => {
            let mut found = pipeline_refs(spec.get("pipelineSpec"));
            found.extend(plain_ref(spec.get("pipelineRef"), "").map(|n| (TektonKind::Pipeline, n)));
            found
        }
        TektonKind::TaskRun => plain_ref(spec.get("taskRef"), "Task")
            .map(|n| (TektonKind::Task, n))
            .into_iter()
            .collect(),
        TektonKind::Task | TektonKind::StepAction => Vec::new(),
    };
    for (target, name) in references {
        let Some(text) = name.str() else { continue };
        let candidates = workspace.find(target, text);
        // With several documents of that name (one per catalog version), only a reference all
        // of them deprecate is reported.
        let labels: Vec<Related> = candidates
            .iter()
            .map_while(|(at, document)| {
                let analysis = workspace.get(at)?;
                let label = View::new(&analysis.syntax, document.root?)
                    .get("metadata")?
                    .get("labels")?
                    .get(LABEL)
                    .filter(|v| v.scalar_text() == Some("true"))?;
                Some(Related {
                    file: (*at != file).then(|| (*at).clone()),
                    span: Span::new(label.key_span().start, label.span().end),
                    message: "deprecated here".to_owned(),
                })
            })
            .collect();
        if labels.is_empty() || labels.len() != candidates.len() {
            continue;
        }
        let what = if target == TektonKind::Task {
            "Task"
        } else {
            "Pipeline"
        };
        if let Some(d) = cx.report(
            REF_DEPRECATED,
            name.span(),
            format!(
                "the {what} `{text}` is labelled `{LABEL}: \"true\"`: use the version that \
                 replaces it"
            ),
        ) {
            d.related = labels;
        }
    }
}

/// The `taskRef`s and `pipelineRef`s of a pipeline spec's tasks and finally tasks.
fn pipeline_refs(pipeline: Option<View<'_>>) -> Vec<(TektonKind, View<'_>)> {
    let Some(pipeline) = pipeline else {
        return Vec::new();
    };
    let tasks = pipeline.get("tasks").into_iter().flat_map(View::items);
    let finally = pipeline.get("finally").into_iter().flat_map(View::items);
    tasks
        .chain(finally)
        .flat_map(|task| {
            let by_task = plain_ref(task.get("taskRef"), "Task").map(|n| (TektonKind::Task, n));
            let by_pipeline =
                plain_ref(task.get("pipelineRef"), "").map(|n| (TektonKind::Pipeline, n));
            by_task.into_iter().chain(by_pipeline)
        })
        .collect()
}
