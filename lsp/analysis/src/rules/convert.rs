//! `api-version-v1beta1`: a `tekton.dev/v1beta1` Task, Pipeline, TaskRun or PipelineRun, with a
//! fix converting the document to `tekton.dev/v1` as text edits (comments and formatting
//! elsewhere stay). The fields that moved follow upstream's `pkg/apis/pipeline/v1beta1/
//! *_conversion.go` (`ConvertTo`); what has no v1 form (PipelineResources, the step fields v1
//! dropped) blocks the fix, and the message says why.

use super::edit::{line_end, line_start};
use super::engine::Ctx;
use super::refs::bundle_fix;
use super::view::View;
use crate::{Fix, Span, TektonKind, TextEdit};

pub(crate) const API_VERSION_V1BETA1: &str = "api-version-v1beta1";

/// v1beta1 step (and stepTemplate) fields with no v1 `Step` field.
const STEP_FIELDS_DROPPED: &[&str] = &[
    "ports",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "stdin",
    "stdinOnce",
    "tty",
];

/// The edits of a conversion, or why there is none.
struct Conversion<'a> {
    text: &'a str,
    edits: Vec<TextEdit>,
    blocker: Option<String>,
}

impl Conversion<'_> {
    fn block(&mut self, why: String) {
        self.blocker.get_or_insert(why);
    }

    /// Renames the key of `entry` (a value reached with [`View::get`]).
    fn rename(&mut self, entry: Option<View<'_>>, to: &str) {
        if let Some(entry) = entry {
            self.edits.push(TextEdit {
                span: entry.key_span(),
                new_text: to.to_owned(),
            });
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.text[..offset].matches('\n').count() + 1
    }

    /// `resources` (PipelineResources) has no v1 form.
    fn resources(&mut self, object: View<'_>) {
        if let Some(resources) = object.get("resources") {
            let line = self.line(resources.key_span().start);
            self.block(format!(
                "PipelineResources (`resources`, line {line}) have no v1 form: replace them with \
                 workspaces and params first"
            ));
        }
    }

    fn reference(&mut self, reference: Option<View<'_>>) {
        let Some(reference) = reference else { return };
        let Some(bundle) = reference.get("bundle") else {
            return;
        };
        match bundle_fix(self.text, reference, bundle) {
            Some(fix) => self.edits.extend(fix.edits),
            None => {
                let line = self.line(bundle.key_span().start);
                self.block(format!(
                    "the `bundle` reference on line {line} is not a plain block of `name`, \
                     `bundle` and `kind`: rewrite it as a `bundles` resolver reference first"
                ));
            }
        }
    }

    fn task_spec(&mut self, spec: View<'_>) {
        self.resources(spec);
        let steps = spec.get("steps").into_iter().flat_map(View::items);
        for step in steps.chain(spec.get("stepTemplate")) {
            if let Some((field, value)) = step
                .entries()
                .find(|(key, _)| STEP_FIELDS_DROPPED.contains(key))
            {
                let line = self.line(value.key_span().start);
                self.block(format!(
                    "v1 steps have no `{field}` (line {line}): remove it first"
                ));
            }
            self.rename(step.get("resources"), "computeResources");
        }
        for sidecar in spec.get("sidecars").into_iter().flat_map(View::items) {
            self.rename(sidecar.get("resources"), "computeResources");
        }
    }

    fn pipeline_spec(&mut self, spec: View<'_>) {
        self.resources(spec);
        let tasks = spec.get("tasks").into_iter().flat_map(View::items);
        for task in tasks.chain(spec.get("finally").into_iter().flat_map(View::items)) {
            self.resources(task);
            self.reference(task.get("taskRef"));
            self.reference(task.get("pipelineRef"));
            if let Some(embedded) = task.get("taskSpec") {
                self.task_spec(embedded);
            }
            if let Some(embedded) = task.get("pipelineSpec") {
                self.pipeline_spec(embedded);
            }
        }
    }

    /// A run's `stepOverrides`/`sidecarOverrides` (TaskRun spec, `taskRunSpecs[]`), whose
    /// items' `resources` are `computeResources` in v1.
    fn overrides(&mut self, holder: View<'_>) {
        for (from, to) in [
            ("stepOverrides", "stepSpecs"),
            ("sidecarOverrides", "sidecarSpecs"),
        ] {
            let list = holder.get(from);
            self.rename(list, to);
            for item in list.into_iter().flat_map(View::items) {
                self.rename(item.get("resources"), "computeResources");
            }
        }
    }

    fn task_run(&mut self, spec: View<'_>) {
        self.resources(spec);
        self.reference(spec.get("taskRef"));
        if let Some(embedded) = spec.get("taskSpec") {
            self.task_spec(embedded);
        }
        self.overrides(spec);
    }

    fn pipeline_run(&mut self, spec: View<'_>) {
        self.resources(spec);
        self.reference(spec.get("pipelineRef"));
        if let Some(embedded) = spec.get("pipelineSpec") {
            self.pipeline_spec(embedded);
        }
        for task_run_spec in spec.get("taskRunSpecs").into_iter().flat_map(View::items) {
            self.rename(
                task_run_spec.get("taskServiceAccountName"),
                "serviceAccountName",
            );
            self.rename(task_run_spec.get("taskPodTemplate"), "podTemplate");
            self.overrides(task_run_spec);
        }
        if let Some(timeout) = spec.get("timeout") {
            if spec.has("timeouts") {
                self.block(
                    "`timeout` and `timeouts` are both set: keep one (upstream rejects both)"
                        .to_owned(),
                );
            } else {
                self.move_under(&[timeout], "timeouts", Some("pipeline"));
            }
        }
        let template: Vec<View<'_>> = ["serviceAccountName", "podTemplate"]
            .into_iter()
            .filter_map(|key| spec.get(key))
            .collect();
        if !template.is_empty() {
            self.move_under(&template, "taskRunTemplate", None);
        }
    }

    /// Moves the block-style entries `entries` of one mapping under a new key `parent` (at the
    /// first entry's place, the others' lines removed), renaming a single entry to `rename`.
    fn move_under(&mut self, entries: &[View<'_>], parent: &str, rename: Option<&str>) {
        let text = self.text;
        let mut lines = Vec::new();
        for entry in entries {
            let key = entry.key_span();
            let start = line_start(text, key.start);
            let indent = &text[start..key.start];
            if !indent.bytes().all(|b| b == b' ') {
                let line = self.line(key.start);
                self.block(format!(
                    "the entry on line {line} is not in block style: move it by hand"
                ));
                return;
            }
            // A block scalar's span ends after its last line break.
            let value_end = entry.span().end.max(key.end);
            let value_end = text[..value_end]
                .trim_end_matches(['\n', '\r'])
                .len()
                .max(key.end);
            let end = line_end(text, value_end);
            lines.push((start, end, indent));
        }
        let Some(&(first, _, indent)) = lines.first() else {
            return;
        };
        let mut moved = format!("{indent}{parent}:");
        for (index, &(start, end, _)) in lines.iter().enumerate() {
            let mut block = text[start..end].to_owned();
            if let (Some(to), Some(entry)) = (rename, entries.get(index)) {
                let key = entry.key_span();
                block.replace_range(key.start - start..key.end - start, to);
            }
            for line in block.split('\n') {
                moved.push('\n');
                if !line.trim().is_empty() {
                    moved.push_str("  ");
                }
                moved.push_str(line.trim_end_matches('\r'));
            }
            if index > 0 {
                self.edits.push(TextEdit {
                    span: Span::new(start, remove_line_break(text, end)),
                    new_text: String::new(),
                });
            }
        }
        self.edits.push(TextEdit {
            span: Span::new(first, lines[0].1),
            new_text: moved,
        });
    }
}

fn remove_line_break(text: &str, end: usize) -> usize {
    match text.get(end..) {
        Some(rest) if rest.starts_with("\r\n") => end + 2,
        Some(rest) if rest.starts_with('\n') => end + 1,
        _ => end,
    }
}

/// Reports a v1beta1 document, with the conversion to v1 as its fix when there is one.
pub(crate) fn check(cx: &mut Ctx<'_>, root: View<'_>, kind: TektonKind) {
    if kind == TektonKind::StepAction || !cx.on(API_VERSION_V1BETA1) {
        return;
    }
    let Some(api_version) = root.get("apiVersion") else {
        return;
    };
    let source = &cx.text[api_version.span().start..api_version.span().end];
    let Some(at) = source.find("v1beta1") else {
        return;
    };
    let mut conversion = Conversion {
        text: cx.text,
        edits: vec![TextEdit {
            span: Span::new(
                api_version.span().start + at,
                api_version.span().start + at + "v1beta1".len(),
            ),
            new_text: "v1".to_owned(),
        }],
        blocker: None,
    };
    if let Some(spec) = root.get("spec") {
        match kind {
            TektonKind::Task => conversion.task_spec(spec),
            TektonKind::Pipeline => conversion.pipeline_spec(spec),
            TektonKind::TaskRun => conversion.task_run(spec),
            TektonKind::PipelineRun => conversion.pipeline_run(spec),
            TektonKind::StepAction => {}
        }
    }
    let mut message = format!(
        "`tekton.dev/v1beta1` is deprecated: Tekton serves {kind:?}s as `tekton.dev/v1` since \
         Pipelines v0.44"
    );
    let Conversion {
        mut edits, blocker, ..
    } = conversion;
    match &blocker {
        Some(why) => message.push_str(&format!("; the document cannot be converted as is: {why}")),
        None => message.push_str(" (the fix converts the document)"),
    }
    let Some(d) = cx.report(API_VERSION_V1BETA1, api_version.span(), message) else {
        return;
    };
    if blocker.is_none() {
        edits.sort_by_key(|e| e.span.start);
        d.fix = Some(Fix {
            title: "convert the document to tekton.dev/v1".to_owned(),
            edits,
        });
    }
}
