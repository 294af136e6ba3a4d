//! The container fields of a TaskSpec (steps, sidecars, the stepTemplate) that Kubernetes
//! checks only when Tekton creates the pod, or the kubelet when it starts it: ports, resource
//! quantities, env and volume mounts. Tekton's webhook passes them through unchecked.

use super::engine::{Ctx, related, report_duplicates};
use super::view::View;
use crate::TektonVersion;

/// Runs the container checks on one TaskSpec. `steps` are the steps as written (not merged
/// with the template: each field is reported where it is written).
pub(crate) fn check(
    cx: &mut Ctx<'_>,
    spec: View<'_>,
    template: Option<View<'_>>,
    steps: &[View<'_>],
) {
    let sidecars: Vec<View<'_>> = spec
        .get("sidecars")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let containers = template.iter().chain(steps).chain(&sidecars).copied();
    let volumes: Vec<&str> = names(spec.get("volumes"));
    let workspaces: Vec<&str> = names(spec.get("workspaces"));
    for container in containers {
        check_ports(cx, container);
        check_quantities(cx, container);
        report_duplicates(
            cx,
            "env-duplicate",
            container.get("env").into_iter().flat_map(View::items),
            false,
            |name| format!("env var `{name}` is set more than once; only the last one counts"),
        );
        check_volume_mounts(cx, container, &volumes, &workspaces);
    }
    if let Some(template) = template {
        // `MergeStepsWithStepTemplate` skips steps with `ref`: the template does not reach them.
        for step in steps.iter().filter(|s| !s.has("ref")) {
            check_env_override(cx, template, *step);
        }
    }
}

fn names(list: Option<View<'_>>) -> Vec<&str> {
    list.into_iter()
        .flat_map(View::items)
        .filter_map(|item| item.get("name")?.str())
        .collect()
}

/// `validateContainerPorts` (Kubernetes `pkg/apis/core/validation`): ports in 1-65535, a known
/// protocol, an IANA service name.
fn check_ports(cx: &mut Ctx<'_>, container: View<'_>) {
    let ports = container.get("ports").into_iter().flat_map(View::items);
    for port in ports {
        for (key, zero_allowed) in [("containerPort", false), ("hostPort", true)] {
            if let Some(value) = port.get(key)
                && let Some(number) = value.int()
                && !((1..=65535).contains(&number) || (zero_allowed && number == 0))
            {
                cx.report(
                    "container-port-invalid",
                    value.span(),
                    format!(
                        "`{key}` {number} is not a port number: it must be between 1 and 65535"
                    ),
                );
            }
        }
        if let Some(protocol) = port.get("protocol")
            && let Some(text) = protocol.str()
            && !matches!(text, "TCP" | "UDP" | "SCTP")
        {
            cx.report(
                "container-port-invalid",
                protocol.span(),
                format!("protocol `{text}` is not supported: use `TCP`, `UDP` or `SCTP`"),
            );
        }
        if let Some(name) = port.get("name")
            && let Some(text) = name.str()
            && !is_service_name(text)
        {
            cx.report(
                "container-port-invalid",
                name.span(),
                format!(
                    "port name `{text}` must be at most 15 lowercase letters, digits and `-`, \
                     with a letter, and no `-` at either end or twice in a row"
                ),
            );
        }
    }
    report_duplicates(
        cx,
        "container-port-invalid",
        container.get("ports").into_iter().flat_map(View::items),
        false,
        |name| format!("port name `{name}` is used twice in this container"),
    );
}

/// An IANA service name (`IsValidPortName`): 1-15 characters of `[a-z0-9-]`, at least one
/// letter, no hyphen at either end or next to another.
fn is_service_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (1..=15).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.iter().any(u8::is_ascii_lowercase)
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

/// Requests and limits: a quantity that does not parse (`resource.ParseQuantity`) or is
/// negative (`ValidateResourceRequirements`).
fn check_quantities(cx: &mut Ctx<'_>, container: View<'_>) {
    let key = match cx.version {
        TektonVersion::V1 => "computeResources",
        _ => "resources",
    };
    let Some(resources) = container.get(key) else {
        return;
    };
    for part in ["requests", "limits"] {
        for (resource, value) in resources.get(part).into_iter().flat_map(View::entries) {
            let Some(text) = value.scalar_text() else {
                continue;
            };
            let message = match quantity(text) {
                None => format!(
                    "`{text}` is not a quantity (a number with an optional suffix such as \
                     `500m`, `1Gi` or `2e3`)"
                ),
                Some(amount) if amount < 0.0 => {
                    format!("the {resource} {part} must not be negative")
                }
                Some(_) => continue,
            };
            cx.report("resource-quantity-invalid", value.span(), message);
        }
    }
}

/// A Kubernetes quantity (`resource.ParseQuantity`: a signed decimal number, then a binary
/// suffix `Ki`..`Ei`, a decimal one `n`, `u`, `m`, `k`, `M`..`E`, or an exponent `e3`/`E-2`)
/// as a number; `None` when it does not parse.
pub(crate) fn quantity(text: &str) -> Option<f64> {
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1048576.0),
        ("Gi", 1073741824.0),
        ("Ti", 1099511627776.0),
        ("Pi", 1125899906842624.0),
        ("Ei", 1152921504606846976.0),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("", 1.0),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let number_len = unsigned
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(unsigned.len());
    let (number, suffix) = unsigned.split_at(number_len);
    if !number.bytes().any(|b| b.is_ascii_digit()) || number.matches('.').count() > 1 {
        return None;
    }
    let scale = match SUFFIXES.iter().find(|(s, _)| *s == suffix) {
        Some((_, scale)) => *scale,
        None => {
            let exponent = suffix.strip_prefix(['e', 'E'])?;
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            10f64.powi(exponent.parse().ok()?)
        }
    };
    let sign = if text.starts_with('-') { -1.0 } else { 1.0 };
    let value: f64 = number.parse().ok()?;
    Some(sign * value * scale)
}

/// A volume mount must name a volume of the pod (`validateVolumeMounts`: "not found"). The pod
/// gets the Task's `volumes`, Tekton's own `tekton-internal-*` volumes, workspace volumes under
/// generated `ws-*` names, and the pod template's volumes; only the last are unknown here.
fn check_volume_mounts(
    cx: &mut Ctx<'_>,
    container: View<'_>,
    volumes: &[&str],
    workspaces: &[&str],
) {
    let mounts = container
        .get("volumeMounts")
        .into_iter()
        .flat_map(View::items);
    for name in mounts.filter_map(|m| m.get("name")) {
        let Some(text) = name.str() else { continue };
        if volumes.contains(&text) || text.starts_with("tekton-internal-") || text.contains("$(") {
            continue;
        }
        let message = if workspaces.contains(&text) {
            format!(
                "`{text}` is a workspace, not a volume: Tekton mounts workspaces itself, under \
                 generated volume names; no volume `{text}` exists unless a pod template adds it"
            )
        } else {
            format!(
                "no volume `{text}` in the Task's `volumes`: the pod cannot be created unless a \
                 pod template adds it"
            )
        };
        cx.report("volume-mount-undefined", name.span(), message);
    }
}

/// An env var a step sets that the stepTemplate sets too: the step's entry replaces the
/// template's (`MergeStepsWithStepTemplate`, a strategic merge by `name`).
fn check_env_override(cx: &mut Ctx<'_>, template: View<'_>, step: View<'_>) {
    let template_env: Vec<View<'_>> = template
        .get("env")
        .into_iter()
        .flat_map(View::items)
        .collect();
    for name in step
        .get("env")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|e| e.get("name"))
    {
        let Some(text) = name.str() else { continue };
        let Some(inherited) = template_env
            .iter()
            .filter_map(|e| e.get("name"))
            .find(|n| n.str() == Some(text))
        else {
            continue;
        };
        if let Some(d) = cx.report(
            "step-env-overrides-template",
            name.span(),
            format!("this step's `{text}` replaces the stepTemplate's"),
        ) {
            related(
                d,
                inherited.span(),
                "the stepTemplate's value, unused by this step",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_as_kubernetes_does() {
        assert_eq!(quantity("500m"), Some(0.5));
        assert_eq!(quantity("1Gi"), Some(1073741824.0));
        assert_eq!(quantity("2e3"), Some(2000.0));
        assert_eq!(quantity("1E"), Some(1e18));
        assert_eq!(quantity("-1"), Some(-1.0));
        assert_eq!(quantity(".5"), Some(0.5));
        for bad in ["abc", "1KB", "1mi", "1.2.3", "", "Gi", "1e", "1 Gi"] {
            assert_eq!(quantity(bad), None, "{bad}");
        }
        assert!(is_service_name("http") && is_service_name("h-2"));
        assert!(!is_service_name("80") && !is_service_name("a--b") && !is_service_name("Http"));
        assert!(!is_service_name("a-very-long-port-name"));
    }
}
