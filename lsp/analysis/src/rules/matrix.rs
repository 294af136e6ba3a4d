//! Matrix rules (catalogue §1.L) on one pipeline task, and the consumers of matrixed tasks'
//! results.

use super::engine::{Ctx, related, report_duplicates};
use super::view::View;
use crate::config::ApiFields;
use crate::variables::{self, Access, Variable};
use crate::{FileRef, Related};

/// Whether the task fans out: a `matrix` with `params` or `include`.
pub(crate) fn is_matrixed(task: View<'_>) -> bool {
    task.get("matrix")
        .is_some_and(|m| m.has("params") || m.has("include"))
}

fn names<'t>(params: Option<View<'t>>) -> impl Iterator<Item = View<'t>> {
    params
        .into_iter()
        .flat_map(View::items)
        .filter_map(|p| p.get("name"))
}

/// #93–#96 on one pipeline task.
pub(crate) fn check_task(cx: &mut Ctx<'_>, task: View<'_>) {
    let Some(matrix) = task.get("matrix").filter(|_| is_matrixed(task)) else {
        return;
    };
    if cx.api_fields() == ApiFields::Stable {
        cx.report(
            "matrix-gated",
            matrix.key_span(),
            "`matrix` requires `enable-api-fields` beta or alpha",
        );
    }
    let params = matrix.get("params");
    let includes: Vec<View<'_>> = matrix
        .get("include")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let limit = cx
        .config
        .config_defaults
        .default_max_matrix_combinations_count;
    let count = combinations(params, &includes);
    if count > u64::from(limit) {
        cx.report(
            "matrix-too-many-combinations",
            matrix.key_span(),
            format!("the matrix makes {count} combinations; at most {limit} are allowed (`default-max-matrix-combinations-count`)"),
        );
    }
    for list in std::iter::once(params).chain(includes.iter().map(|i| i.get("params"))) {
        report_duplicates(
            cx,
            "matrix-param-duplicate",
            list.into_iter().flat_map(View::items),
            false,
            |name| format!("matrix param `{name}` is given more than once"),
        );
    }
    check_value_types(cx, params, &includes);
    let task_params: Vec<View<'_>> = names(task.get("params")).collect();
    let mut reported: Vec<&str> = Vec::new();
    for name in names(params).chain(includes.iter().flat_map(|i| names(i.get("params")))) {
        let Some(text) = name.str() else { continue };
        if reported.contains(&text) {
            continue;
        }
        if let Some(other) = task_params.iter().find(|p| p.str() == Some(text)) {
            reported.push(text);
            if let Some(d) = cx.report(
                "matrix-param-in-params",
                name.span(),
                format!("`{text}` is passed both in `matrix` and in `params`"),
            ) {
                related(d, other.span(), "also passed here");
            }
        }
    }
}

/// Upstream's count: the product of the matrix params' lengths, plus each include entry that
/// does not only add values to existing combinations (one naming no matrix param).
fn combinations(params: Option<View<'_>>, includes: &[View<'_>]) -> u64 {
    let lengths: Vec<u64> = params
        .into_iter()
        .flat_map(View::items)
        .map(|p| p.get("value").map_or(0, |v| v.items().count() as u64))
        .collect();
    let matrix_names: Vec<&str> = names(params).filter_map(View::str).collect();
    let product = if lengths.is_empty() {
        0
    } else {
        lengths.iter().fold(1u64, |acc, n| acc.saturating_mul(*n))
    };
    let new = includes
        .iter()
        .filter(|include| {
            lengths.is_empty()
                || !names(include.get("params"))
                    .filter_map(View::str)
                    .any(|n| matrix_names.contains(&n))
        })
        .count() as u64;
    product.saturating_add(new)
}

/// A matrixed pipeline task whose results other tasks may consume.
pub(crate) struct Producer<'t> {
    pub name: &'t str,
    /// The `results` its TaskSpec declares, when the spec is known (inline, or the Task its
    /// `taskRef` names).
    pub results: Option<View<'t>>,
    /// The file of that spec when it is another document's.
    pub file: Option<&'t FileRef>,
}

impl<'t> Producer<'t> {
    /// The matrixed tasks among `tasks`, with their inline taskSpec's results.
    pub(crate) fn inline(tasks: impl Iterator<Item = View<'t>>) -> Vec<Producer<'t>> {
        tasks
            .filter(|task| is_matrixed(*task))
            .filter_map(|task| {
                Some(Producer {
                    name: task.get("name")?.str()?,
                    results: task.get("taskSpec").and_then(|spec| spec.get("results")),
                    file: None,
                })
            })
            .collect()
    }
}

/// #97: results of a matrixed task consumed in another task's params must use `[*]` (checked
/// when `aggregation` is set); #98: and must be declared strings (for the producers whose
/// results are known).
pub(crate) fn check_consumer(
    cx: &mut Ctx<'_>,
    task: View<'_>,
    producers: &[Producer<'_>],
    aggregation: bool,
) {
    if producers.is_empty() {
        return;
    }
    let values = task
        .get("params")
        .into_iter()
        .flat_map(View::items)
        .filter_map(|p| p.get("value"));
    for value in values {
        let strings: Vec<View<'_>> = if value.is_seq() {
            value.items().collect()
        } else {
            vec![value]
        };
        for string in strings {
            let Some(text) = string.str() else { continue };
            for reference in variables::references(text) {
                let Variable::TaskResult {
                    task: name,
                    result,
                    access,
                    ..
                } = &reference.variable
                else {
                    continue;
                };
                let Some(producer) = producers
                    .iter()
                    .find(|p| p.name == name.text)
                    .filter(|_| reference.is_expression())
                else {
                    continue;
                };
                let span = string.sub_span(cx.text, reference.range.clone());
                if *access != Access::Star {
                    if aggregation {
                        cx.report(
                            "matrix-result-not-aggregated",
                            span,
                            format!(
                                "`{}` runs as a matrix: consume its results whole with `[*]`",
                                name.text
                            ),
                        );
                    }
                    continue;
                }
                let declared = producer
                    .results
                    .into_iter()
                    .flat_map(View::items)
                    .find(|r| r.get("name").and_then(View::str) == Some(result.text));
                if let Some(ty) = declared.and_then(|r| r.get("type"))
                    && let Some(kind) = ty.str().filter(|t| *t != "string")
                    && let Some(d) = cx.report(
                        "matrix-result-not-string",
                        span,
                        format!("`{}` runs as a matrix, so its results are gathered into arrays; result `{}` must be a string, not {kind}", name.text, result.text),
                    )
                {
                    d.related.push(Related {
                        file: producer.file.cloned(),
                        span: ty.span(),
                        message: "declared here".to_owned(),
                    });
                }
            }
        }
    }
}

/// #127: `matrix.params` values are arrays and `include[].params` values strings; a value that is
/// one whole `$(...)` reference is only known after substitution.
fn check_value_types(cx: &mut Ctx<'_>, params: Option<View<'_>>, includes: &[View<'_>]) {
    let whole_reference = |value: View<'_>| {
        value.str().is_some_and(
            |text| matches!(variables::references(text).as_slice(), [r] if r.is_isolated_in(text)),
        )
    };
    for value in params
        .into_iter()
        .flat_map(View::items)
        .filter_map(|p| p.get("value"))
    {
        if !value.is_seq() && !whole_reference(value) {
            cx.report(
                "matrix-param-type",
                value.span(),
                "a matrix param's value must be an array: each element makes one combination",
            );
        }
    }
    let include_values = includes
        .iter()
        .flat_map(|i| i.get("params").into_iter().flat_map(View::items))
        .filter_map(|p| p.get("value"));
    for value in include_values {
        if value.is_seq() || value.is_map() {
            cx.report(
                "matrix-param-type",
                value.span(),
                "a matrix include param's value must be a string",
            );
        }
    }
}
