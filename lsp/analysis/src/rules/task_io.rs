//! What a TaskSpec's steps read and write at run time: paths of optional workspaces, which are
//! empty when the workspace is not bound, and the results the steps must write.

use std::collections::HashSet;

use super::engine::Ctx;
use super::task_spec::collect_strings;
use super::view::View;
use crate::variables::{self, Variable, WorkspaceField};

/// Where a script or a program writes results without naming one (`/tekton/results` alone).
const RESULTS_DIR: &str = "/tekton/results";

pub(crate) fn check(
    cx: &mut Ctx<'_>,
    spec: View<'_>,
    template: Option<View<'_>>,
    steps: &[View<'_>],
) {
    check_optional_workspaces(cx, spec, template, steps);
    check_results_written(cx, spec, template, steps);
}

/// `$(workspaces.W.path)/...` of an optional workspace W in a `workingDir` or a `script` with
/// nothing that tests W first. Unbound, the path is replaced by the empty string
/// (`ApplyWorkspaces`), so `$(workspaces.W.path)/src` becomes `/src`. The path alone is not
/// reported: empty, a `workingDir` falls back to the image's and an option such as
/// `--cache-dir=` usually means "none". In a script, a test is any `$(workspaces.W.bound)`, or
/// `-n`/`-z` right before the path; a step `when` on `$(workspaces.W.bound)` guards the step.
fn check_optional_workspaces(
    cx: &mut Ctx<'_>,
    spec: View<'_>,
    template: Option<View<'_>>,
    steps: &[View<'_>],
) {
    let optional: Vec<&str> = spec
        .get("workspaces")
        .into_iter()
        .flat_map(View::items)
        .filter(|w| w.get("optional").and_then(View::bool) == Some(true))
        .filter_map(|w| w.get("name")?.str())
        .collect();
    if optional.is_empty() {
        return;
    }
    for container in template.iter().chain(steps) {
        let mut when_strings = Vec::new();
        if let Some(when) = container.get("when") {
            collect_strings(when, &mut when_strings);
        }
        let step_guards = guarded(when_strings.iter().filter_map(|v| v.str()));
        for key in ["workingDir", "script"] {
            let Some(value) = container.get(key) else {
                continue;
            };
            let Some(text) = value.str() else { continue };
            let script_guards = if key == "script" {
                guarded([text])
            } else {
                HashSet::new()
            };
            let mut reported = HashSet::new();
            for reference in variables::references(text) {
                let Variable::Workspace {
                    name,
                    field: WorkspaceField::Path,
                } = &reference.variable
                else {
                    continue;
                };
                let workspace = name.text;
                let after = text[reference.range.end..].trim_start_matches(['"', '\'']);
                if !after.starts_with('/')
                    || !optional.contains(&workspace)
                    || step_guards.contains(workspace)
                    || script_guards.contains(workspace)
                    || !reported.insert(workspace)
                {
                    continue;
                }
                let message = if key == "script" {
                    format!(
                        "workspace `{workspace}` is optional: unbound, its path is empty and this \
                         path is under `/`; test `$(workspaces.{workspace}.bound)` first"
                    )
                } else {
                    format!(
                        "workspace `{workspace}` is optional: unbound, its path is empty and this \
                         `workingDir` is under `/`; guard the step with a `when` on \
                         `$(workspaces.{workspace}.bound)`"
                    )
                };
                cx.report(
                    "optional-workspace-unguarded",
                    value.sub_span(cx.text, reference.range.clone()),
                    message,
                );
            }
        }
    }
}

/// The workspaces the texts test: `$(workspaces.W.bound)`, or `-n`/`-z` before
/// `$(workspaces.W.path)` (quoted or not).
fn guarded<'a>(texts: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for text in texts {
        for reference in variables::references(text) {
            let Variable::Workspace { name, field } = reference.variable else {
                continue;
            };
            let before = text[..reference.range.start].trim_end_matches(['"', '\'']);
            let tested = match field {
                WorkspaceField::Bound => true,
                WorkspaceField::Path => {
                    let before = before.trim_end();
                    before.ends_with("-n") || before.ends_with("-z")
                }
                _ => false,
            };
            if tested {
                out.insert(name.text);
            }
        }
    }
    out
}

/// A declared result without `value` that no step, sidecar or the stepTemplate writes: neither
/// `$(results.R.path)` nor the literal `/tekton/results/R` appears in any of their fields or in
/// a param default (params are substituted before result paths). A step with `ref` (its
/// StepAction may write any result), a bare `/tekton/results` (a program given the directory)
/// or a script line that is only `$(params.x)` (code the run supplies) may write any, so
/// nothing is reported then.
fn check_results_written(
    cx: &mut Ctx<'_>,
    spec: View<'_>,
    template: Option<View<'_>>,
    steps: &[View<'_>],
) {
    let results: Vec<View<'_>> = spec
        .get("results")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let runs_given_code = |step: &View<'_>| {
        let script = step.get("script").and_then(View::str).unwrap_or_default();
        script.lines().any(|line| {
            let references = variables::references(line.trim());
            matches!(references.as_slice(), [only] if only.range == (0..line.trim().len())
                && matches!(only.variable, Variable::Param { .. }))
        })
    };
    if results.is_empty() || steps.iter().any(|s| s.has("ref") || runs_given_code(s)) {
        return;
    }
    let mut strings = Vec::new();
    for param in spec.get("params").into_iter().flat_map(View::items) {
        if let Some(default) = param.get("default") {
            collect_strings(default, &mut strings);
        }
    }
    let sidecars = spec.get("sidecars").into_iter().flat_map(View::items);
    for container in template
        .into_iter()
        .chain(steps.iter().copied())
        .chain(sidecars)
    {
        collect_strings(container, &mut strings);
    }
    let mut written: HashSet<&str> = HashSet::new();
    for text in strings.iter().filter_map(|v| v.str()) {
        for reference in variables::references(text) {
            if let Variable::ResultPath { result, .. } = reference.variable {
                written.insert(result.text);
            }
        }
        for (at, _) in text.match_indices(RESULTS_DIR) {
            let rest = &text[at + RESULTS_DIR.len()..];
            let name_len = rest
                .strip_prefix('/')
                .map(|name| {
                    name.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
                        .unwrap_or(name.len())
                })
                .unwrap_or(0);
            if name_len == 0 {
                return;
            }
            written.insert(&rest[1..=name_len]);
        }
    }
    for result in results {
        if result.has("value") {
            continue;
        }
        let Some(name) = result.get("name") else {
            continue;
        };
        let Some(text) = name.str() else { continue };
        if !written.contains(text) {
            cx.report(
                "result-never-written",
                name.span(),
                format!("no step writes result `{text}`: `$(results.{text}.path)` is used nowhere"),
            );
        }
    }
}
