//! References to Tasks, Pipelines and StepActions (catalogue §1.F): `taskRef`, `pipelineRef`
//! and a step's `ref`, as upstream's `validateRef` sees them after defaulting.

use super::engine::{Ctx, related, replace, report_duplicates};
use super::view::View;
use crate::config::ApiFields;
use crate::{Fix, TektonVersion};

/// Checks one ref object.
pub(crate) fn check(cx: &mut Ctx<'_>, reference: View<'_>) {
    if !reference.is_map() {
        return;
    }
    check_bundle(cx, reference);
    let name_view = reference
        .get("name")
        .filter(|n| n.str().is_some_and(|s| !s.is_empty()));
    let name = name_view.and_then(View::str);
    let resolver = reference
        .get("resolver")
        .filter(|r| r.str().is_some_and(|s| !s.is_empty()));
    let params = reference.get("params").filter(|p| !p.is_null());
    if resolver.is_some() || params.is_some() {
        if cx.api_fields() == ApiFields::Stable {
            for field in [resolver, params].into_iter().flatten() {
                cx.report(
                    "ref-resolver-gated",
                    field.key_span(),
                    "resolvers require `enable-api-fields` beta or alpha",
                );
            }
        }
        if let Some(params) = params {
            if let Some(name) = name_view
                && let Some(d) = cx.report(
                    "ref-params-conflict",
                    name.key_span(),
                    "`name` cannot be used with resolver `params`",
                )
            {
                related(d, params.key_span(), "params set here");
            }
            if resolver.is_none() {
                cx.report(
                    "ref-params-conflict",
                    params.key_span(),
                    "resolver `params` need a `resolver`",
                );
            }
            report_duplicates(cx, "ref-params-duplicate", params.items(), true, |name| {
                format!(
                    "resolver param `{name}` is given more than once (names compare case-insensitively)"
                )
            });
        }
        if resolver.is_some()
            && let (Some(text), Some(at)) = (name, name_view)
            && !like_url(text)
        {
            cx.report(
                "ref-resolver-name-not-url",
                at.span(),
                format!("with a `resolver`, `name` must be a URL, not `{text}`"),
            );
        }
        return;
    }
    match (name, name_view) {
        (Some(text), Some(at)) if like_url(text) => {
            if !cx.config.feature_flags.enable_concise_resolver_syntax {
                cx.report(
                    "ref-concise-syntax",
                    at.span(),
                    "a URL as `name` requires the feature flag `enable-concise-resolver-syntax: \"true\"`",
                );
            } else {
                cx.report(
                    "ref-concise-syntax",
                    at.span(),
                    "a URL as `name` also needs a `resolver`",
                );
            }
        }
        (Some(text), Some(at)) => {
            if !is_qualified_name(text) {
                cx.report(
                    "ref-name-invalid",
                    at.span(),
                    format!("invalid name `{text}`: expected a Kubernetes name (letters, digits, `-`, `_`, `.`; optionally `prefix/`)"),
                );
            }
        }
        _ => {
            cx.report(
                "ref-name-missing",
                reference.key_span(),
                "the reference needs a `name` (or a `resolver`)",
            );
        }
    }
}

/// A v1beta1 `taskRef.bundle`/`pipelineRef.bundle`: rejected on create (v1beta1
/// `TaskRef.Validate`: `apis.IsInCreate(ctx) && ref.Bundle != ""` → `must not set the
/// field(s): bundle`); the bundles resolver replaces it, with the same three facts as params.
fn check_bundle(cx: &mut Ctx<'_>, reference: View<'_>) {
    if cx.version != TektonVersion::V1beta1 {
        return;
    }
    let Some(bundle) = reference
        .get("bundle")
        .filter(|b| b.str().is_some_and(|s| !s.is_empty()))
    else {
        return;
    };
    let fix = bundle_fix(cx.text, reference, bundle);
    if let Some(d) = cx.report(
        "ref-bundle-disallowed",
        bundle.key_span(),
        "`bundle` is rejected when the object is created: use the `bundles` resolver",
    ) {
        d.fix = fix;
    }
}

/// Rewrites a block-style `{name, bundle, kind}` reference as a `bundles` resolver reference.
pub(crate) fn bundle_fix(text: &str, reference: View<'_>, bundle: View<'_>) -> Option<Fix> {
    let kind = match text.get(reference.key_span().start..reference.key_span().end)? {
        "pipelineRef" => "pipeline",
        _ => "task",
    };
    if reference
        .entries()
        .any(|(key, _)| !matches!(key, "name" | "bundle" | "kind"))
    {
        return None;
    }
    let span = reference.span();
    let source = text.get(span.start..span.end)?;
    let line_start = text.get(..span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let indent = text.get(line_start..span.start)?;
    if source.contains('#') || source.starts_with('{') || !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let one_line = |view: View<'_>| {
        let at = view.span();
        text.get(at.start..at.end).filter(|s| !s.contains('\n'))
    };
    let mut params = vec![("bundle", one_line(bundle)?)];
    if let Some(name) = reference.get("name") {
        params.push(("name", one_line(name)?));
    }
    params.push(("kind", kind));
    let mut new_text = format!("resolver: bundles\n{indent}params:");
    for (name, value) in params {
        new_text.push_str(&format!(
            "\n{indent}  - name: {name}\n{indent}    value: {value}"
        ));
    }
    Some(replace("use the `bundles` resolver", span, &new_text))
}

/// Upstream's `RefNameLikeUrl`: `[\w-]+:/` somewhere in the name.
fn like_url(name: &str) -> bool {
    name.match_indices(":/").any(|(at, _)| {
        name[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// Kubernetes' `IsQualifiedName`: an optional DNS-1123 subdomain prefix and `/`, then a name of
/// at most 63 characters matching `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
fn is_qualified_name(text: &str) -> bool {
    let (prefix, name) = match text.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, text),
    };
    let prefix_ok = prefix.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 253
            && p.split('.').all(|label| {
                let b = label.as_bytes();
                !b.is_empty()
                    && b.iter()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                    && b.first().is_some_and(u8::is_ascii_alphanumeric)
                    && b.last().is_some_and(u8::is_ascii_alphanumeric)
            })
    });
    let bytes = name.as_bytes();
    prefix_ok
        && !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(like_url("git://github.com/o/r") && like_url("https://x") && !like_url("a:b"));
        assert!(is_qualified_name("example.com/my_task") && is_qualified_name("build"));
        assert!(!is_qualified_name("bad name!") && !is_qualified_name("/x"));
    }
}
