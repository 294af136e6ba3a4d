//! The rule engine: runs the catalogue's rules (tekton-rules.md §1) on one Tekton document.
//!
//! [`check_document`] dispatches by kind to the spec checks ([`super::task_spec`],
//! [`super::pipeline`]); embedded specs (a pipeline task's `taskSpec`, a run's inline spec) are
//! checked by the same functions with the names their context adds (propagated params). Rules
//! write through [`Ctx::report`], which drops rules that are off before any message is built;
//! levels are applied afterwards with every other diagnostic (`crate::apply_levels`).

use crate::config::ApiFields;
use crate::syntax::{NodeId, SyntaxTree};
use crate::{AnalysisConfig, Diagnostic, Fix, Related, Span, TektonKind, TektonVersion, TextEdit};

use super::view::View;
use super::{convert, metadata, pipeline, practices, runs, task_spec};

/// What every rule may read, and the diagnostics written so far.
pub(crate) struct Ctx<'t> {
    pub text: &'t str,
    pub config: &'t AnalysisConfig,
    pub version: TektonVersion,
    out: Vec<Diagnostic>,
}

impl<'t> Ctx<'t> {
    pub(crate) fn new(text: &'t str, config: &'t AnalysisConfig, version: TektonVersion) -> Self {
        Ctx {
            text,
            config,
            version,
            out: Vec::new(),
        }
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }

    pub(crate) fn on(&self, rule: &str) -> bool {
        self.config.is_enabled(rule)
    }

    /// Records a finding; `None` (and nothing recorded) when the rule is off, so callers attach
    /// related spans and fixes with `if let Some(d) = ...`.
    pub(crate) fn report(
        &mut self,
        rule: &'static str,
        span: Span,
        message: impl Into<String>,
    ) -> Option<&mut Diagnostic> {
        if !self.on(rule) {
            return None;
        }
        self.out.push(Diagnostic::new(rule, span, message));
        self.out.last_mut()
    }

    /// Records findings made elsewhere (in another context, then sifted).
    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.out.extend(diagnostics);
    }

    pub(crate) fn api_fields(&self) -> ApiFields {
        self.config.feature_flags.enable_api_fields
    }
}

/// Adds a related span to a diagnostic.
pub(crate) fn related(diagnostic: &mut Diagnostic, span: Span, message: impl Into<String>) {
    diagnostic.related.push(Related {
        file: None,
        span,
        message: message.into(),
    });
}

/// Replaces `span` with `new_text`.
pub(crate) fn replace(title: impl Into<String>, span: Span, new_text: &str) -> Fix {
    Fix {
        title: title.into(),
        edits: vec![TextEdit {
            span,
            new_text: new_text.to_owned(),
        }],
    }
}

/// Runs every rule on one Tekton document whose root is `root`.
pub fn check_document(
    tree: &SyntaxTree,
    text: &str,
    root: NodeId,
    version: TektonVersion,
    kind: TektonKind,
    config: &AnalysisConfig,
) -> Vec<Diagnostic> {
    let mut cx = Ctx::new(text, config, version);
    metadata::check_name(&mut cx, View::new(tree, root));
    practices::check(&mut cx, View::new(tree, root), kind);
    if version == TektonVersion::V1beta1 {
        convert::check(&mut cx, View::new(tree, root), kind);
    }
    let Some(spec) = View::new(tree, root).get("spec").filter(|s| s.is_map()) else {
        return cx.out;
    };
    match kind {
        TektonKind::Task => task_spec::check(&mut cx, spec, &[], true),
        TektonKind::Pipeline => pipeline::check(&mut cx, spec, &[], true),
        TektonKind::TaskRun => runs::check_task_run(&mut cx, spec),
        TektonKind::PipelineRun => runs::check_pipeline_run(&mut cx, spec),
        TektonKind::StepAction => {}
    }
    cx.out
}

/// `resources` (PipelineResources) on a v1beta1 spec or pipeline task.
pub(crate) fn check_removed_resources(cx: &mut Ctx<'_>, object: View<'_>) {
    if cx.version == TektonVersion::V1beta1
        && let Some(resources) = object.get("resources")
    {
        cx.report(
            crate::rules::V1BETA1_RESOURCES_REMOVED,
            resources.key_span(),
            "PipelineResources were removed from Tekton: `resources` must not be set",
        );
    }
}

/// The closest of `candidates` to `name`, when it is close enough to be a typo. Public so the
/// plugin's suggestions (contexts, run names, command-line params) follow the same measure.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = name.chars().count();
    // One edit turns any short name into another; suggesting then would be noise.
    if length < 3 {
        return None;
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Edit distance over characters where swapping two neighbours counts as one edit (optimal
/// string alignment), since `biuld` for `build` is the typical typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

/// A DNS-1123 label: at most 63 lowercase alphanumerics or `-`, alphanumeric at both ends.
pub fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first().is_some_and(|b| *b != b'-')
        && bytes.last().is_some_and(|b| *b != b'-')
}

/// A Go duration (`time.ParseDuration`: `1h30m`, `-10s`, `1.5h`, `0`) in nanoseconds.
pub(crate) fn duration_nanos(text: &str) -> Option<f64> {
    let (sign, mut rest) = match text.as_bytes().first()? {
        b'-' => (-1.0, &text[1..]),
        b'+' => (1.0, &text[1..]),
        _ => (1.0, text),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += number * scale;
        rest = &rest[unit_len..];
    }
    Some(sign * total)
}

/// A `timeout` field (a `metav1.Duration`, which Tekton's webhook decodes with Go's
/// `time.ParseDuration`): one that does not parse is `timeout-not-duration`, a negative one is
/// reported as `negative` when that field has such a rule.
pub(crate) fn check_timeout(
    cx: &mut Ctx<'_>,
    timeout: Option<View<'_>>,
    negative: Option<&'static str>,
) {
    let Some(timeout) = timeout else { return };
    let Some(text) = timeout.str() else { return };
    match duration_nanos(text) {
        None => {
            cx.report(
                "timeout-not-duration",
                timeout.span(),
                format!("timeout `{text}` is not a duration: write it as `1h30m`, `90s` or `0`"),
            );
        }
        Some(nanos) if nanos < 0.0 => {
            if let Some(rule) = negative {
                cx.report(
                    rule,
                    timeout.span(),
                    format!("timeout `{text}` must be at least 0"),
                );
            }
        }
        Some(_) => {}
    }
}

/// Reports every item whose `name` repeats an earlier item's (`fold`: case-insensitively), on
/// the repeated name, with the first as related span; `message` gets the name.
pub(crate) fn report_duplicates<'t>(
    cx: &mut Ctx<'_>,
    rule: &'static str,
    items: impl Iterator<Item = View<'t>>,
    fold: bool,
    message: impl Fn(&str) -> String,
) {
    let mut seen: Vec<(String, View<'t>)> = Vec::new();
    for name in items.filter_map(|item| item.get("name")) {
        let Some(text) = name.str() else { continue };
        let key = if fold {
            text.to_lowercase()
        } else {
            text.to_owned()
        };
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => {
                let first = first.span();
                if let Some(d) = cx.report(rule, name.span(), message(text)) {
                    related(d, first, "first used here");
                }
            }
            None => seen.push((key, name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("revison", ["revision", "url"]),
            Some("revision")
        );
        assert_eq!(did_you_mean("x", ["revision", "url"]), None);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("biuld", "build"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(is_dns_label("a-1") && !is_dns_label("A") && !is_dns_label("-a"));
        assert_eq!(duration_nanos("1h30m"), Some(5400e9));
        assert_eq!(duration_nanos("-1.5s"), Some(-1.5e9));
        assert_eq!(duration_nanos("0"), Some(0.0));
        assert_eq!(duration_nanos("10"), None);
    }
}
