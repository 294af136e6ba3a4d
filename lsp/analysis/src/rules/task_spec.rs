//! TaskSpec rules (catalogue §1.B, §1.C on its params, §1.D): steps, sidecars, workspaces,
//! volumes, results, and the variables in step fields.
//!
//! Upstream merges `stepTemplate` into every step before the step checks (`v1/merge.go`); here
//! a step field that is absent is read from the template instead ([`Step::field`]), and
//! variables in the template's own fields are checked once, on the template.

use super::engine::{
    Ctx, check_removed_resources, check_timeout, did_you_mean, is_dns_label, related, replace,
    report_duplicates,
};
use super::params::{self, DeclaredIn, ParamType, STEP_RULES};
use super::view::View;
use super::{containers, refs, task_io, when};
use crate::TektonVersion;
use crate::config::ApiFields;
use crate::variables::{self, Access, Syntax, Variable};

/// A step with the template it inherits from.
#[derive(Clone, Copy)]
struct Step<'t> {
    own: View<'t>,
    template: Option<View<'t>>,
}

impl<'t> Step<'t> {
    /// The field after the `stepTemplate` merge.
    fn field(self, key: &str) -> Option<View<'t>> {
        self.own
            .get(key)
            .or_else(|| self.template.and_then(|t| t.get(key)))
            .filter(|v| !v.is_null())
    }
}

/// Runs the TaskSpec rules on `spec` (a Task's `spec`, or an embedded `taskSpec`). `propagated`
/// are param names the context declares (an enclosing Pipeline's or run's params); `standalone`
/// is a Task document, where nothing is propagated (workspaces, pipeline variables).
pub(crate) fn check(cx: &mut Ctx<'_>, spec: View<'_>, propagated: &[&str], standalone: bool) {
    check_removed_resources(cx, spec);
    params::check_declarations(cx, spec.get("params"), DeclaredIn::TaskSpec);
    let template = spec.get("stepTemplate").filter(|t| t.is_map());
    let steps: Vec<Step<'_>> = spec
        .get("steps")
        .into_iter()
        .flat_map(View::items)
        .map(|own| Step { own, template })
        .collect();
    if steps.is_empty() {
        cx.report(
            "task-steps-missing",
            spec.key_span(),
            "a Task needs at least one step",
        );
    }
    for (rule, list) in [
        ("volume-name-duplicate", "volumes"),
        ("task-workspace-name-duplicate", "workspaces"),
    ] {
        report_duplicates(
            cx,
            rule,
            spec.get(list).into_iter().flat_map(View::items),
            false,
            |name| format!("`{name}` is declared more than once in `{list}`"),
        );
    }
    check_mount_paths(cx, spec, &steps);
    let own_steps: Vec<View<'_>> = steps.iter().map(|s| s.own).collect();
    containers::check(cx, spec, template, &own_steps);
    task_io::check(cx, spec, template, &own_steps);
    let workspaces: Vec<&str> = spec
        .get("workspaces")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|w| w.get("name")?.str())
        .collect();
    // Unnamed steps are fine (quirk 11), and so are several of them.
    let step_names = steps.iter().map(|s| s.own).filter(|s| {
        s.get("name")
            .and_then(View::str)
            .is_some_and(|n| !n.is_empty())
    });
    report_duplicates(cx, "step-name-duplicate", step_names, false, |name| {
        format!("step name `{name}` is used more than once")
    });
    for &step in &steps {
        check_step(cx, step, &workspaces);
    }
    for sidecar in spec.get("sidecars").into_iter().flat_map(View::items) {
        check_sidecar(cx, sidecar, &workspaces);
    }
    let results = spec.get("results");
    for result in results.into_iter().flat_map(View::items) {
        check_result(cx, result, "result-name-invalid", "result-type-invalid");
        if let Some(value) = result.get("value") {
            check_result_value(cx, value);
        }
    }
    let result_names: Vec<&str> = results
        .into_iter()
        .flat_map(View::items)
        .filter_map(|r| r.get("name")?.str())
        .collect();
    let decls = params::declarations(spec.get("params"));
    let scope = Scope {
        spec,
        decls: &decls,
        propagated,
        results: &result_names,
        workspaces: &workspaces,
        standalone,
    };
    if let Some(template) = template {
        check_variables(cx, &scope, template, None);
    }
    for step in &steps {
        check_variables(cx, &scope, step.own, Some(step.own));
        check_requests(cx, *step);
    }
    check_unvalidated_params(cx, &scope, spec);
}

/// #135: param references in fields upstream substitutes but never validates (sidecars,
/// volumes, workspace mount paths); a warning, since the text would stay literal.
fn check_unvalidated_params(cx: &mut Ctx<'_>, scope: &Scope<'_, '_>, spec: View<'_>) {
    let mut strings: Vec<View<'_>> = Vec::new();
    for sidecar in spec.get("sidecars").into_iter().flat_map(View::items) {
        strings.extend(container_strings(sidecar).into_iter().map(|(_, v)| v));
    }
    for volume in spec.get("volumes").into_iter().flat_map(View::items) {
        collect_strings(volume, &mut strings);
    }
    let workspaces = spec.get("workspaces").into_iter().flat_map(View::items);
    strings.extend(workspaces.filter_map(|w| w.get("mountPath")));
    for value in strings {
        let Some(text) = value.str() else { continue };
        for reference in variables::references(text) {
            params::resolve(
                cx,
                &params::UNVALIDATED_RULES,
                (scope.spec, scope.decls),
                scope.propagated,
                value,
                &reference,
            );
        }
    }
}

/// Every string scalar under `value`.
pub(crate) fn collect_strings<'t>(value: View<'t>, out: &mut Vec<View<'t>>) {
    if value.str().is_some() {
        out.push(value);
    }
    for item in value.items() {
        collect_strings(item, out);
    }
    for (_, entry) in value.entries() {
        collect_strings(entry, out);
    }
}

/// #129: a step's resource requests may not exceed its limits (or the stepTemplate's).
fn check_requests(cx: &mut Ctx<'_>, step: Step<'_>) {
    let key = match cx.version {
        TektonVersion::V1 => "computeResources",
        _ => "resources",
    };
    let requests = step.own.get(key).and_then(|r| r.get("requests"));
    let own_limits = step.own.get(key).and_then(|r| r.get("limits"));
    let template_limits = step
        .template
        .and_then(|t| t.get(key))
        .and_then(|r| r.get("limits"));
    for (resource, request) in requests.into_iter().flat_map(View::entries) {
        let limit = own_limits
            .and_then(|l| l.get(resource))
            .or_else(|| template_limits.and_then(|l| l.get(resource)));
        let (Some(limit), Some(wanted), Some(allowed)) = (
            limit,
            request.scalar_text().and_then(containers::quantity),
            limit
                .and_then(View::scalar_text)
                .and_then(containers::quantity),
        ) else {
            continue;
        };
        if wanted > allowed
            && let Some(d) = cx.report(
                "step-request-exceeds-limit",
                request.span(),
                format!("the {resource} request exceeds its limit"),
            )
        {
            related(d, limit.span(), "limit set here");
        }
    }
}

fn check_step(cx: &mut Ctx<'_>, step: Step<'_>, workspaces: &[&str]) {
    let own = step.own;
    if let Some(name) = own.get("name")
        && let Some(text) = name.str()
        && !text.is_empty()
        && !is_dns_label(text)
    {
        cx.report(
            "step-name-not-dns-label",
            name.span(),
            format!("invalid step name `{text}`: must be a DNS-1123 label (lowercase letters, digits and `-`)"),
        );
    }
    when::check(cx, own.get("when"));
    if let Some(reference) = own.get("ref") {
        refs::check(cx, reference);
        for key in [
            "image",
            "command",
            "args",
            "script",
            "workingDir",
            "env",
            "volumeMounts",
            "results",
        ] {
            if let Some(value) = own.get(key).filter(|v| !v.is_null()) {
                cx.report(
                    "step-ref-conflicting-fields",
                    value.key_span(),
                    format!("`{key}` cannot be used with `ref`: the StepAction defines it"),
                );
            }
        }
    } else {
        if step.field("image").is_none() {
            cx.report(
                "step-image-missing",
                own.head_span(),
                "the step has no `image` (neither its own nor the stepTemplate's)",
            );
        }
        if let Some(params) = own.get("params")
            && !(cx.version == TektonVersion::V1beta1 && step.template.is_some())
        {
            cx.report(
                "step-params-without-ref",
                params.key_span(),
                "step `params` can only be used with `ref`",
            );
        }
    }
    if let (Some(script), Some(command)) = (own.get("script"), step.field("command"))
        && let Some(d) = cx.report(
            "step-script-and-command",
            script.key_span(),
            "`script` cannot be used with `command`",
        )
    {
        related(d, command.key_span(), "command set here");
    }
    check_timeout(cx, own.get("timeout"), Some("step-timeout-negative"));
    for mount in own.get("volumeMounts").into_iter().flat_map(View::items) {
        if let Some(path) = mount.get("mountPath")
            && let Some(text) = path.str()
        {
            let clean = clean_path(text);
            if clean.starts_with("/tekton/") && !clean.starts_with("/tekton/home") {
                cx.report(
                    "step-volumemount-reserved",
                    path.span(),
                    format!("volumeMount cannot be mounted under /tekton/ (`{text}`)"),
                );
            }
        }
        if let Some(name) = mount.get("name")
            && let Some(text) = name.str()
            && text.starts_with("tekton-internal-")
        {
            cx.report(
                "step-volumemount-reserved",
                name.span(),
                "volume mount names starting with `tekton-internal-` are reserved",
            );
        }
    }
    if let Some(on_error) = own.get("onError")
        && let Some(text) = on_error.str()
        && !matches!(text, "continue" | "stopAndFail")
        && !text.starts_with("$(params.")
    {
        cx.report(
            "step-onerror-invalid",
            on_error.span(),
            format!("invalid onError `{text}`: expected `continue` or `stopAndFail`"),
        );
    }
    if cx.api_fields() != ApiFields::Alpha {
        if let Some(script) = own.get("script")
            && script.str().is_some_and(|s| s.starts_with("#!win"))
        {
            cx.report(
                "step-alpha-fields-gated",
                script.span(),
                "Windows scripts (`#!win`) require `enable-api-fields: alpha`",
            );
        }
        for key in ["stdoutConfig", "stderrConfig"] {
            if let Some(value) = own.get(key) {
                cx.report(
                    "step-alpha-fields-gated",
                    value.key_span(),
                    format!("`{key}` requires `enable-api-fields: alpha`"),
                );
            }
        }
    }
    check_workspace_usage(cx, own, workspaces);
    // v1beta1's merge rebuilds steps without `results` (oracle finding 2).
    if !(cx.version == TektonVersion::V1beta1 && step.template.is_some()) {
        for result in own.get("results").into_iter().flat_map(View::items) {
            check_result(
                cx,
                result,
                "step-result-name-invalid",
                "step-result-type-invalid",
            );
        }
    }
}

fn check_sidecar(cx: &mut Ctx<'_>, sidecar: View<'_>, workspaces: &[&str]) {
    if let Some(name) = sidecar.get("name")
        && name.str() == Some("tekton-log-results")
    {
        cx.report(
            "sidecar-reserved-name",
            name.span(),
            "`tekton-log-results` is a reserved sidecar name",
        );
    }
    if cx.version == TektonVersion::V1 {
        if !sidecar.has("image") {
            cx.report(
                "sidecar-image-missing",
                sidecar.head_span(),
                "the sidecar has no `image`",
            );
        }
        if let (Some(script), true) = (sidecar.get("script"), sidecar.has("command")) {
            cx.report(
                "step-script-and-command",
                script.key_span(),
                "`script` cannot be used with `command`",
            );
        }
    }
    check_workspace_usage(cx, sidecar, workspaces);
}

/// #9, #10: `workspaces` of a step or sidecar.
fn check_workspace_usage(cx: &mut Ctx<'_>, container: View<'_>, declared: &[&str]) {
    let Some(usages) = container.get("workspaces") else {
        return;
    };
    if cx.api_fields() == ApiFields::Stable {
        cx.report(
            "step-workspaces-gated",
            usages.key_span(),
            "step and sidecar `workspaces` require `enable-api-fields` beta or alpha",
        );
    }
    for usage in usages.items() {
        if let Some(name) = usage.get("name")
            && let Some(text) = name.str()
            && !declared.contains(&text)
        {
            cx.report(
                "step-workspace-undeclared",
                name.span(),
                format!("workspace `{text}` is not declared in the Task's `workspaces`"),
            );
        }
    }
}

/// #8: a workspace's effective mount path against the others and every step volume mount.
fn check_mount_paths(cx: &mut Ctx<'_>, spec: View<'_>, steps: &[Step<'_>]) {
    let mut taken: Vec<(String, View<'_>)> = Vec::new();
    let template_mounts = spec.get("stepTemplate").and_then(|t| t.get("volumeMounts"));
    for mounts in steps
        .iter()
        .filter_map(|s| s.own.get("volumeMounts"))
        .chain(template_mounts)
    {
        for path in mounts.items().filter_map(|m| m.get("mountPath")) {
            if let Some(text) = path.str() {
                taken.push((clean_path(text), path));
            }
        }
    }
    for workspace in spec.get("workspaces").into_iter().flat_map(View::items) {
        let Some(name) = workspace.get("name") else {
            continue;
        };
        let explicit = workspace
            .get("mountPath")
            .filter(|p| p.str().is_some_and(|s| !s.is_empty()));
        let path = match explicit.and_then(View::str) {
            Some(path) => clean_path(path),
            None => clean_path(&format!("/workspace/{}", name.str().unwrap_or_default())),
        };
        let at = explicit.unwrap_or(name);
        if let Some((_, other)) = taken.iter().find(|(p, _)| *p == path) {
            if let Some(d) = cx.report(
                "task-workspace-mountpath-conflict",
                at.span(),
                format!("workspace mount path `{path}` must be unique"),
            ) {
                related(d, other.span(), "the same path is mounted here");
            }
        } else {
            taken.push((path, at));
        }
    }
}

/// #24/#25 (step results) and #30/#31 (task results).
fn check_result(
    cx: &mut Ctx<'_>,
    result: View<'_>,
    name_rule: &'static str,
    type_rule: &'static str,
) {
    if let Some(name) = result.get("name")
        && let Some(text) = name.str()
        && !is_result_name(text)
    {
        cx.report(
            name_rule,
            name.span(),
            format!("invalid result name `{text}`: letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"),
        );
    }
    let ty = result.get("type");
    match ty.and_then(View::str) {
        None | Some("string" | "array") => {}
        Some("object") => {
            let properties = result.get("properties").filter(|p| !p.is_null());
            match properties {
                None => {
                    cx.report(
                        type_rule,
                        result.head_span(),
                        "an object result must declare its `properties`",
                    );
                }
                Some(properties) => {
                    for (key, property) in properties.entries() {
                        if let Some(t) = property.get("type")
                            && let Some(text) = t.str()
                            && text != "string"
                        {
                            cx.report(
                                type_rule,
                                t.span(),
                                format!("property `{key}` has type `{text}`; object result properties must be strings"),
                            );
                        }
                    }
                }
            }
        }
        Some(other) => {
            if let Some(ty) = ty {
                cx.report(
                    type_rule,
                    ty.span(),
                    format!("invalid result type `{other}`: expected string, array or object"),
                );
            }
        }
    }
}

/// #32: a task result's `value` must be exactly `$(steps.<step>.results.<name>)`.
fn check_result_value(cx: &mut Ctx<'_>, value: View<'_>) {
    let valid = value.str().is_some_and(|text| {
        let references = variables::references(text);
        matches!(references.as_slice(), [reference] if reference.is_isolated_in(text)
            && matches!(&reference.variable, Variable::StepResult { step, result, access: Access::Whole }
                if is_dns_label(step.text) && is_result_name(result.text)))
    });
    if !valid {
        cx.report(
            "result-value-invalid",
            value.span(),
            "a task result `value` must be a step result reference `$(steps.<step>.results.<name>)`",
        );
    }
}

/// Whether upstream accepts `name` for a task or step result:
/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`.
pub fn is_result_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Go's `filepath.Clean` for absolute and relative Unix paths.
fn clean_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// #23, shared with pipeline-task params.
pub(crate) fn report_artifacts_disabled(cx: &mut Ctx<'_>, span: crate::Span) {
    cx.report(
        "artifacts-feature-disabled",
        span,
        "artifact variables require the feature flag `enable-artifacts: \"true\"`",
    );
}

/// The step fields upstream checks variables in (§1.D, #33).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    /// name, image, workingDir, volumeMounts (fields where a whole array is never allowed)
    Plain,
    Script,
    /// A `command` or `args` element.
    List,
    EnvValue,
    OnError,
}

struct Scope<'a, 't> {
    /// The spec whose `params` the declarations come from (for the declare fix).
    spec: View<'t>,
    decls: &'a [params::ParamDecl<'t>],
    propagated: &'a [&'a str],
    results: &'a [&'a str],
    workspaces: &'a [&'a str],
    standalone: bool,
}

/// The string fields of a step, sidecar or stepTemplate that variables can appear in, each with
/// the field it belongs to (`command`/`args` for their elements, `env` for env values,
/// `volumeMounts` for a mount's name, mountPath and subPath).
pub(crate) fn container_strings<'t>(container: View<'t>) -> Vec<(&'static str, View<'t>)> {
    let mut out = Vec::new();
    for key in [
        "name",
        "image",
        "imagePullPolicy",
        "workingDir",
        "script",
        "onError",
    ] {
        out.extend(container.get(key).map(|v| (key, v)));
    }
    for key in ["command", "args"] {
        let items = container.get(key).into_iter().flat_map(View::items);
        out.extend(items.map(|v| (key, v)));
    }
    for env in container.get("env").into_iter().flat_map(View::items) {
        out.extend(env.get("value").map(|v| ("env", v)));
    }
    let mounts = container
        .get("volumeMounts")
        .into_iter()
        .flat_map(View::items);
    for mount in mounts {
        for key in ["name", "mountPath", "subPath"] {
            out.extend(mount.get(key).map(|v| ("volumeMounts", v)));
        }
    }
    out
}

/// The fields upstream checks step variables in (§1.D, #33), by kind.
fn fields(container: View<'_>) -> impl Iterator<Item = (Field, View<'_>)> {
    container_strings(container)
        .into_iter()
        .filter_map(|(key, value)| {
            let field = match key {
                "script" => Field::Script,
                "onError" => Field::OnError,
                "command" | "args" => Field::List,
                "env" => Field::EnvValue,
                // Substituted at runtime, but not among the fields upstream validates.
                "imagePullPolicy" => return None,
                _ => Field::Plain,
            };
            Some((field, value))
        })
}

/// #21, #26, #29, #33, #42–#46 on one step (`step` is `None` for the stepTemplate).
fn check_variables(
    cx: &mut Ctx<'_>,
    scope: &Scope<'_, '_>,
    container: View<'_>,
    step: Option<View<'_>>,
) {
    let step_results: Option<Vec<&str>> = step
        .and_then(|s| s.get("results"))
        .map(|r| r.items().filter_map(|r| r.get("name")?.str()).collect());
    for (field, value) in fields(container) {
        let Some(text) = value.str() else { continue };
        if !text.contains("$(") {
            continue;
        }
        for reference in variables::references(text) {
            let span = || value.sub_span(cx.text, reference.range.clone());
            match &reference.variable {
                Variable::Param { access, .. } => {
                    let Some(decl) = params::resolve(
                        cx,
                        &STEP_RULES,
                        (scope.spec, scope.decls),
                        scope.propagated,
                        value,
                        &reference,
                    ) else {
                        continue;
                    };
                    let whole = matches!(access, Access::Whole | Access::Star);
                    match (decl.ty, whole, field) {
                        (ParamType::Array, true, Field::List) if reference.is_isolated_in(text) => {
                        }
                        (ParamType::Array, true, Field::List) => {
                            cx.report(
                                "param-array-not-isolated",
                                span(),
                                format!("array param `{}` must be a whole `command`/`args` element on its own", decl.name),
                            );
                        }
                        (ParamType::Array | ParamType::Object, true, _) => {
                            cx.report(
                                "param-whole-ref-in-string",
                                span(),
                                format!("the whole {} param `{}` cannot be used here; reference one element or key", if decl.ty == ParamType::Array { "array" } else { "object" }, decl.name),
                            );
                        }
                        _ => {}
                    }
                }
                Variable::Malformed {
                    root: variables::Root::Params,
                    reason: variables::Reason::TooManyDots,
                } if reference.seen_by_webhook() => {
                    cx.report(
                        "param-ref-too-many-dots",
                        span(),
                        "only two dot-separated parts are allowed after `params` (`params.name.key`); use `$(params[\"dotted.name\"])`",
                    );
                }
                Variable::ResultPath {
                    result,
                    syntax: Syntax::Dot,
                } if field == Field::Script && !scope.results.contains(&result.text) => {
                    cx.report(
                        "task-result-path-undeclared",
                        value.sub_span(cx.text, result.range.clone()),
                        format!(
                            "result `{}` is not declared in the Task's `results`",
                            result.text
                        ),
                    );
                }
                Variable::StepResultPath {
                    result,
                    syntax: Syntax::Dot,
                } if field == Field::Script => {
                    if let Some(names) = &step_results
                        && !names.contains(&result.text)
                    {
                        cx.report(
                            "step-result-path-undeclared",
                            value.sub_span(cx.text, result.range.clone()),
                            format!(
                                "result `{}` is not declared in this step's `results`",
                                result.text
                            ),
                        );
                    }
                }
                Variable::Context {
                    scope: context,
                    field: name,
                } if context.in_task()
                    && reference.seen_by_webhook()
                    && !context.fields().contains(&name.text) =>
                {
                    cx.report(
                        "context-var-unknown-task",
                        value.sub_span(cx.text, name.range.clone()),
                        format!(
                            "unknown context variable `{}`; known: {}",
                            name.text,
                            context.fields().join(", ")
                        ),
                    );
                }
                Variable::StepResult { .. } if matches!(field, Field::Plain | Field::Script) => {
                    cx.report(
                        "step-result-ref-location",
                        span(),
                        "step result references are only allowed in `env`, `command` and `args`",
                    );
                }
                Variable::Workspace { name, .. }
                    if scope.standalone && !scope.workspaces.contains(&name.text) =>
                {
                    let at = value.sub_span(cx.text, name.range.clone());
                    let suggestion = did_you_mean(name.text, scope.workspaces.iter().copied());
                    if let Some(d) = cx.report(
                        "workspace-var-undeclared",
                        at,
                        format!("workspace `{}` is not declared in the Task's `workspaces`; the text stays literal at runtime", name.text),
                    ) && let Some(s) = suggestion
                    {
                        d.fix = Some(replace(format!("rename to `{s}`"), at, s));
                    }
                }
                Variable::Obsolete => {
                    cx.report(
                        "unknown-variable",
                        span(),
                        format!(
                            "`$({})` is never substituted: PipelineResources were removed from Tekton",
                            reference.body
                        ),
                    );
                }
                Variable::LegacyParam { name } => {
                    let at = span();
                    let modern = format!("$(params.{})", name.text);
                    if let Some(d) = cx.report(
                        "unknown-variable",
                        at,
                        format!(
                            "`$({})` is the deprecated form of `{modern}`",
                            reference.body
                        ),
                    ) {
                        d.fix = Some(replace(format!("use `{modern}`"), at, &modern));
                    }
                }
                Variable::TaskResult { .. }
                | Variable::TaskStatus { .. }
                | Variable::TasksStatus
                | Variable::MatrixLength { .. }
                | Variable::TaskArtifact { .. }
                    if scope.standalone =>
                {
                    cx.report(
                        "unknown-variable",
                        span(),
                        format!(
                            "`$({})` is a Pipeline variable; in a Task it stays literal",
                            reference.body
                        ),
                    );
                }
                Variable::Context { scope: context, .. }
                    if scope.standalone && !context.in_task() =>
                {
                    cx.report(
                        "unknown-variable",
                        span(),
                        format!(
                            "`$({})` is a Pipeline context variable; in a Task it stays literal",
                            reference.body
                        ),
                    );
                }
                Variable::StepArtifact { .. } | Variable::StepArtifactsPath
                    if field == Field::Plain =>
                {
                    cx.report(
                        "step-artifact-ref-location",
                        span(),
                        "step artifact variables are only allowed in `env`, `command`, `args` and `script`",
                    );
                }
                Variable::StepArtifact { .. }
                | Variable::StepArtifactsPath
                | Variable::ArtifactsPath
                    if matches!(field, Field::Script | Field::List | Field::EnvValue)
                        && !cx.config.feature_flags.enable_artifacts =>
                {
                    report_artifacts_disabled(cx, span());
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_names() {
        assert_eq!(clean_path("/tekton//results/../home/"), "/tekton/home");
        assert_eq!(clean_path("a/./b"), "a/b");
        assert!(is_result_name("a.b-c") && !is_result_name("_r"));
    }
}
