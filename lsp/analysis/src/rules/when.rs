//! When expressions (catalogue §1.K) on pipeline tasks, finally tasks and steps.

use super::cel;
use super::engine::Ctx;
use super::view::View;

/// Checks every entry of a `when` list.
pub(crate) fn check(cx: &mut Ctx<'_>, when: Option<View<'_>>) {
    for entry in when.into_iter().flat_map(View::items) {
        // Upstream reads an empty `cel` as absent.
        if let Some(cel) = entry.get("cel").filter(|c| c.str() != Some("")) {
            if !cx.config.feature_flags.enable_cel_in_whenexpression {
                cx.report(
                    "when-cel-flag-disabled",
                    cel.key_span(),
                    "`cel` requires the feature flag `enable-cel-in-whenexpression: \"true\"`",
                );
            } else if let Some(other) = ["input", "operator", "values"]
                .iter()
                .find_map(|key| entry.get(key))
            {
                cx.report(
                    "when-cel-invalid",
                    other.key_span(),
                    "`cel` and `input`/`operator`/`values` cannot be set in one when expression",
                );
            } else if let Some(expression) = cel.str() {
                for problem in cel::problems(expression) {
                    cx.report(
                        "when-cel-invalid",
                        cel.sub_span(cx.text, problem.range),
                        format!("invalid CEL expression: {}", problem.message),
                    );
                }
            }
            continue;
        }
        match entry.get("operator") {
            Some(operator) if matches!(operator.str(), Some("in" | "notin")) => {}
            Some(operator) => {
                cx.report(
                    "when-operator-invalid",
                    operator.span(),
                    format!(
                        "operator `{}` is not recognized; valid operators: in, notin",
                        operator.scalar_text().unwrap_or_default()
                    ),
                );
            }
            None => {
                cx.report(
                    "when-operator-invalid",
                    entry.head_span(),
                    "a when expression needs `operator` (`in` or `notin`)",
                );
            }
        }
        match entry.get("values") {
            Some(values) if values.items().next().is_some() => {}
            Some(values) => {
                cx.report(
                    "when-values-empty",
                    values.key_span(),
                    "`values` must not be empty",
                );
            }
            None => {
                cx.report(
                    "when-values-empty",
                    entry.head_span(),
                    "a when expression needs non-empty `values`",
                );
            }
        }
    }
}
