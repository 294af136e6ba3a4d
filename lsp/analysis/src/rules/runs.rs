//! TaskRun and PipelineRun rules (catalogue §1.M) and the dispatch to their inline specs, whose
//! variables may use the run's params (propagation, #42).

use super::engine::{
    Ctx, check_removed_resources, check_timeout, did_you_mean, duration_nanos, related, replace,
    report_duplicates,
};
use super::view::View;
use super::{bounds, params, pipeline, refs, task_spec};
use crate::TektonVersion;
use crate::config::ApiFields;
use crate::variables::{self, Variable};

/// The run's param names, for propagation into its inline spec.
fn run_params<'t>(spec: View<'t>) -> Vec<&'t str> {
    given(spec)
        .into_iter()
        .filter_map(|p| p.get("name")?.str())
        .collect()
}

/// The run's param items.
pub(crate) fn given<'t>(spec: View<'t>) -> Vec<View<'t>> {
    spec.get("params")
        .into_iter()
        .flat_map(View::items)
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
    check_removed_resources(cx, spec);
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
    report_duplicates(
        cx,
        "run-param-duplicate",
        spec.get("params").into_iter().flat_map(View::items),
        true,
        |name| format!("param `{name}` is given more than once (names compare case-insensitively)"),
    );
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
        task_spec::check(cx, inline, &run_params(spec), false);
        let declared = params::declarations(inline.get("params"));
        let lengths = bounds::lengths(&declared, &given(spec), &[]);
        bounds::report_here(cx, || bounds::task_spec_strings(inline), &lengths);
    }
    check_status(cx, spec, &["TaskRunCancelled", "TaskRunPending"]);
    check_timeout(cx, spec.get("timeout"), Some("run-timeout-negative"));
    if cx.version == TektonVersion::V1
        && let Some(retries) = spec.get("retries")
        && retries.int().is_some_and(|r| r < 0)
    {
        cx.report(
            "taskrun-retries-negative",
            retries.span(),
            "`retries` must be at least 0",
        );
    }
    check_debug(cx, spec.get("debug"));
    check_overrides(cx, spec);
    check_pod_template(cx, spec.get("podTemplate"));
    check_bindings(cx, spec.get("workspaces"), true);
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
        let declared = params::declarations(inline.get("params"));
        let lengths = bounds::lengths(&declared, &given(spec), &[]);
        bounds::report_here(cx, || bounds::pipeline_spec_strings(inline), &lengths);
    }
    for param in spec.get("params").into_iter().flat_map(View::items) {
        let Some(value) = param.get("value") else {
            continue;
        };
        let strings: Vec<View<'_>> = if value.is_seq() {
            value.items().collect()
        } else if value.is_map() {
            value.entries().map(|(_, v)| v).collect()
        } else {
            vec![value]
        };
        for string in strings {
            let Some(text) = string.str() else { continue };
            for reference in variables::references(text) {
                if matches!(reference.variable, Variable::TaskResult { .. })
                    && reference.is_expression()
                {
                    cx.report(
                        "pipelinerun-param-result-ref",
                        string.sub_span(cx.text, reference.range.clone()),
                        "a PipelineRun param value cannot use task results: no task has run yet",
                    );
                }
            }
        }
    }
    let template = match cx.version {
        TektonVersion::V1 => spec
            .get("taskRunTemplate")
            .and_then(|t| t.get("podTemplate")),
        _ => spec.get("podTemplate"),
    };
    check_pod_template(cx, template);
    check_bindings(cx, spec.get("workspaces"), false);
    let timeouts = spec.get("timeouts");
    let timeout = |key: &str| {
        let view = timeouts.and_then(|t| t.get(key))?;
        Some((view, duration_nanos(view.str()?)?))
    };
    if cx.version == TektonVersion::V1beta1 {
        check_timeout(cx, spec.get("timeout"), Some("run-timeout-negative"));
    }
    for key in ["pipeline", "tasks", "finally"] {
        check_timeout(
            cx,
            timeouts.and_then(|t| t.get(key)),
            Some("run-timeout-negative"),
        );
    }
    let default = f64::from(cx.config.config_defaults.default_timeout_minutes) * 60e9;
    let pipeline = timeout("pipeline").map_or(default, |(_, d)| d);
    let tasks = timeout("tasks");
    let finally = timeout("finally");
    if pipeline != 0.0 {
        for (key, part) in [("tasks", tasks), ("finally", finally)] {
            if let Some((view, duration)) = part
                && (duration > pipeline || duration == 0.0)
            {
                cx.report(
                    "pipelinerun-timeouts-inconsistent",
                    view.span(),
                    format!("`timeouts.{key}` must be more than 0 and at most `timeouts.pipeline`"),
                );
            }
        }
        if let (Some((_, t)), Some((view, f))) = (tasks, finally)
            && t + f > pipeline
            && t <= pipeline
            && f <= pipeline
        {
            cx.report(
                "pipelinerun-timeouts-inconsistent",
                view.span(),
                "`timeouts.tasks` plus `timeouts.finally` must be at most `timeouts.pipeline`",
            );
        }
    }
    if let Some(inline) = spec.get("pipelineSpec").filter(|s| s.is_map()) {
        check_task_run_specs(cx, spec, inline);
    }
    let limit = tasks.map_or(pipeline, |(_, d)| d);
    for run_spec in spec.get("taskRunSpecs").into_iter().flat_map(View::items) {
        let view = run_spec.get("timeout");
        check_timeout(cx, view, Some("run-timeout-negative"));
        if let Some(view) = view
            && let Some(duration) = view.str().and_then(duration_nanos)
            && limit != 0.0
            && duration > limit
        {
            cx.report(
                "taskrunspec-timeout-exceeds",
                view.span(),
                "the task's timeout exceeds the pipeline's tasks timeout",
            );
        }
        check_overrides(cx, run_spec);
        let template = match cx.version {
            TektonVersion::V1 => run_spec.get("podTemplate"),
            _ => run_spec.get("taskPodTemplate"),
        };
        check_pod_template(cx, template);
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

/// #104: `debug` is alpha; `onFailure` must be `enabled`; `beforeSteps` unique.
fn check_debug(cx: &mut Ctx<'_>, debug: Option<View<'_>>) {
    let Some(debug) = debug else { return };
    if cx.api_fields() != ApiFields::Alpha {
        cx.report(
            "taskrun-debug-invalid",
            debug.key_span(),
            "`debug` requires `enable-api-fields: alpha`",
        );
    }
    let breakpoints = debug.get("breakpoints");
    if let Some(on_failure) = breakpoints.and_then(|b| b.get("onFailure"))
        && let Some(text) = on_failure.str()
        && !text.is_empty()
        && text != "enabled"
    {
        cx.report(
            "taskrun-debug-invalid",
            on_failure.span(),
            format!("`onFailure` must be `enabled`, not `{text}`"),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for step in breakpoints
        .and_then(|b| b.get("beforeSteps"))
        .into_iter()
        .flat_map(View::items)
    {
        let Some(text) = step.str() else { continue };
        if seen.contains(&text) {
            cx.report(
                "taskrun-debug-invalid",
                step.span(),
                format!("step `{text}` is listed twice in `beforeSteps`"),
            );
        }
        seen.push(text);
    }
}

/// #105, #106: step and sidecar overrides of a TaskRun or of a PipelineRun's `taskRunSpecs[]`.
fn check_overrides(cx: &mut Ctx<'_>, spec: View<'_>) {
    let (steps, sidecars, resources) = match cx.version {
        TektonVersion::V1 => ("stepSpecs", "sidecarSpecs", "computeResources"),
        _ => ("stepOverrides", "sidecarOverrides", "resources"),
    };
    for key in [steps, sidecars] {
        let Some(list) = spec.get(key) else { continue };
        if cx.api_fields() == ApiFields::Stable {
            cx.report(
                "run-step-specs-invalid",
                list.key_span(),
                format!("`{key}` requires `enable-api-fields` beta or alpha"),
            );
        }
        for entry in list.items() {
            if entry
                .get("name")
                .and_then(View::str)
                .is_none_or(str::is_empty)
            {
                cx.report(
                    "run-step-specs-invalid",
                    entry.head_span(),
                    format!("every `{key}` entry needs a `name`"),
                );
            }
        }
        report_duplicates(cx, "run-step-specs-invalid", list.items(), true, |name| {
            format!("`{name}` appears more than once in `{key}`")
        });
    }
    if let Some(task_level) = spec.get("computeResources")
        && let Some(step_level) = spec
            .get(steps)
            .into_iter()
            .flat_map(View::items)
            .find_map(|s| s.get(resources))
        && let Some(d) = cx.report(
            "run-compute-resources-conflict",
            task_level.key_span(),
            format!(
                "task-level `computeResources` cannot be combined with `{steps}[].{resources}`"
            ),
        )
    {
        related(d, step_level.key_span(), "step-level resources set here");
    }
}

/// #111: a pod template may not set an env var listed in `default-forbidden-env`.
fn check_pod_template(cx: &mut Ctx<'_>, template: Option<View<'_>>) {
    let forbidden = &cx.config.config_defaults.default_forbidden_env;
    if forbidden.is_empty() {
        return;
    }
    let names: Vec<View<'_>> = template
        .and_then(|t| t.get("env"))
        .into_iter()
        .flat_map(View::items)
        .filter_map(|e| e.get("name"))
        .filter(|n| n.str().is_some_and(|s| forbidden.iter().any(|f| f == s)))
        .collect();
    for name in names {
        cx.report(
            "run-forbidden-env",
            name.span(),
            format!(
                "`{}` is listed in `default-forbidden-env`: a pod template cannot set it",
                name.str().unwrap_or_default()
            ),
        );
    }
}

/// The volume sources a workspace binding may use, with the field each one requires.
const SOURCES: &[(&str, Option<&str>)] = &[
    ("persistentVolumeClaim", Some("claimName")),
    ("volumeClaimTemplate", None),
    ("emptyDir", None),
    ("configMap", Some("name")),
    ("secret", Some("secretName")),
    ("projected", Some("sources")),
    ("csi", Some("driver")),
];

/// #102, #103: run workspace bindings (TaskRun names compare case-insensitively).
fn check_bindings(cx: &mut Ctx<'_>, bindings: Option<View<'_>>, fold: bool) {
    for binding in bindings.into_iter().flat_map(View::items) {
        let set: Vec<(&str, Option<&str>, View<'_>)> = SOURCES
            .iter()
            .filter_map(|&(key, required)| Some((key, required, binding.get(key)?)))
            .collect();
        match set.as_slice() {
            [] => {
                cx.report(
                    "workspace-binding-invalid",
                    binding.head_span(),
                    "a workspace binding needs one volume source (emptyDir, persistentVolumeClaim, volumeClaimTemplate, configMap, secret, projected or csi)",
                );
            }
            [(key, Some(required), source)] if !source.has(required) => {
                cx.report(
                    "workspace-binding-invalid",
                    source.key_span(),
                    format!("`{key}` needs `{required}`"),
                );
            }
            [_] => {}
            [_, rest @ ..] => {
                for (key, _, source) in rest {
                    cx.report(
                        "workspace-binding-invalid",
                        source.key_span(),
                        format!(
                            "a workspace binding has exactly one volume source; `{key}` is a second"
                        ),
                    );
                }
            }
        }
    }
    report_duplicates(
        cx,
        "workspace-binding-duplicate",
        bindings.into_iter().flat_map(View::items),
        fold,
        |name| format!("workspace `{name}` is bound more than once"),
    );
}

/// #125: `taskRunSpecs[].pipelineTaskName` must name a task of the pipeline (`pipeline`: its
/// spec, inline or resolved from the workspace).
pub(crate) fn check_task_run_specs(cx: &mut Ctx<'_>, spec: View<'_>, pipeline: View<'_>) {
    let tasks = pipeline.get("tasks").into_iter().flat_map(View::items);
    let finally = pipeline.get("finally").into_iter().flat_map(View::items);
    let names: Vec<&str> = tasks
        .chain(finally)
        .filter_map(|t| t.get("name")?.str())
        .collect();
    let run_specs = spec.get("taskRunSpecs").into_iter().flat_map(View::items);
    for name in run_specs.filter_map(|r| r.get("pipelineTaskName")) {
        let Some(text) = name.str() else { continue };
        if names.contains(&text) {
            continue;
        }
        let suggestion = did_you_mean(text, names.iter().copied());
        if let Some(d) = cx.report(
            "taskrunspec-unknown-pipeline-task",
            name.span(),
            format!("the pipeline has no task `{text}`"),
        ) && let Some(s) = suggestion
        {
            d.fix = Some(replace(format!("rename to `{s}`"), name.span(), s));
        }
    }
}
