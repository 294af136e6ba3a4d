//! TaskRun and PipelineRun rules (catalogue §1.M) and the dispatch to their inline specs, whose
//! variables may use the run's params (propagation, #42).

use super::engine::{Ctx, duplicate_names, related};
use super::view::View;
use super::{pipeline, refs, task_spec};

/// The run's param names, for propagation into its inline spec.
fn run_params<'t>(spec: View<'t>) -> Vec<&'t str> {
    spec.get("params")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|p| p.get("name")?.str())
        .collect()
}

/// #99/#100: exactly one of the reference and the inline spec; #52; #101.
fn check_common<'t>(
    cx: &mut Ctx<'_>,
    spec: View<'t>,
    (reference, inline): (&str, &str),
    rule: &'static str,
    flag: &str,
) -> Option<View<'t>> {
    let set_ref = spec.get(reference).filter(|v| !v.is_null());
    let set_inline = spec.get(inline).filter(|v| !v.is_null());
    if let Some(reference) = set_ref {
        refs::check(cx, reference);
    }
    match (set_ref, set_inline) {
        (None, None) => {
            cx.report(
                rule,
                spec.key_span(),
                format!("expected exactly one of `{reference}` and `{inline}`, got neither"),
            );
        }
        (Some(first), Some(second)) => {
            if let Some(d) = cx.report(
                rule,
                second.key_span(),
                format!("expected exactly one of `{reference}` and `{inline}`, got both"),
            ) {
                related(d, first.key_span(), "also set here");
            }
        }
        _ => {}
    }
    if let Some(inline) = set_inline
        && cx.config.feature_flags.inline_spec_disabled(flag)
    {
        cx.report(
            "inline-spec-disabled",
            inline.key_span(),
            format!("inline specs are disabled by `disable-inline-spec: {flag}`"),
        );
    }
    for (first, duplicate) in
        duplicate_names(spec.get("params").into_iter().flat_map(View::items), true)
    {
        if let Some(d) = cx.report(
            "run-param-duplicate",
            duplicate.span(),
            format!(
                "param `{}` is given more than once (names compare case-insensitively)",
                duplicate.str().unwrap_or_default()
            ),
        ) {
            related(d, first.span(), "first given here");
        }
    }
    set_inline.filter(|v| v.is_map())
}

fn check_status(cx: &mut Ctx<'_>, spec: View<'_>, allowed: &[&str]) {
    if let Some(status) = spec.get("status")
        && let Some(text) = status.str()
        && !allowed.contains(&text)
    {
        let rule = if allowed.contains(&"TaskRunCancelled") {
            "taskrun-status-invalid"
        } else {
            "pipelinerun-status-invalid"
        };
        cx.report(
            rule,
            status.span(),
            format!(
                "invalid status `{text}`: expected one of {}",
                allowed.join(", ")
            ),
        );
    }
}

pub(crate) fn check_task_run(cx: &mut Ctx<'_>, spec: View<'_>) {
    if let Some(inline) = check_common(
        cx,
        spec,
        ("taskRef", "taskSpec"),
        "taskrun-ref-or-spec",
        "taskrun",
    ) {
        task_spec::check(cx, inline, &run_params(spec));
    }
    check_status(cx, spec, &["TaskRunCancelled", "TaskRunPending"]);
}

pub(crate) fn check_pipeline_run(cx: &mut Ctx<'_>, spec: View<'_>) {
    if let Some(inline) = check_common(
        cx,
        spec,
        ("pipelineRef", "pipelineSpec"),
        "pipelinerun-ref-or-spec",
        "pipelinerun",
    ) {
        pipeline::check(cx, inline, &run_params(spec), false);
    }
    check_status(
        cx,
        spec,
        &[
            "Cancelled",
            "CancelledRunFinally",
            "StoppedRunFinally",
            "PipelineRunPending",
        ],
    );
}
