//! `param-array-index-out-of-bounds` (catalogue §1.N, stage R): when a TaskRun or PipelineRun
//! starts, upstream compares every `$(params.p[i])` of its spec with the length of `p` as the
//! run has it: the array the run gives, else the declared default. Neither known (a value that
//! is not a literal array, no array default) means nothing is compared.
//!
//! The run's values are known for a TaskRun's or PipelineRun's inline spec, for a pipeline
//! task's inline taskSpec (its TaskRun gets the pipeline task's params), and across documents
//! for a `taskRef` or `pipelineRef` that resolves ([`super::xdoc`]). A Task or Pipeline alone
//! is never reported: any run may give a longer array.

use std::ops::Range;

use super::engine::{Ctx, related};
use super::matrix;
use super::params;
use super::task_spec::container_strings;
use super::view::View;
use crate::variables::{self, Access, Variable};
use crate::{FileRef, Related, Span};

/// An array param's length as the run will have it, and where that array is written.
#[derive(Clone, Copy)]
pub(crate) struct Length<'t> {
    pub name: &'t str,
    pub length: usize,
    pub array: View<'t>,
    /// Whether the array is the declared default (else the run gives it).
    pub default: bool,
}

/// The known lengths for a run of a spec declaring `declared` that gives `given` (param
/// items); params in `opaque` are left out (given through a matrix, or substituted before the
/// run starts).
pub(crate) fn lengths<'t>(
    declared: &[params::ParamDecl<'t>],
    given: &[View<'t>],
    opaque: &[&str],
) -> Vec<Length<'t>> {
    let mut out: Vec<Length<'t>> = Vec::new();
    let given_names: Vec<&str> = given.iter().filter_map(|p| p.get("name")?.str()).collect();
    for decl in declared {
        if given_names.contains(&decl.name) || opaque.contains(&decl.name) {
            continue;
        }
        if let Some(default) = decl.decl.get("default").filter(|d| d.is_seq()) {
            out.push(Length {
                name: decl.name,
                length: default.items().count(),
                array: default,
                default: true,
            });
        }
    }
    for param in given {
        let (Some(name), Some(value)) = (param.get("name").and_then(View::str), param.get("value"))
        else {
            continue;
        };
        // An element `$(params.x[*])` expands to any number of elements.
        let expands = value.items().any(|item| {
            item.str().is_some_and(|text| {
                variables::references(text)
                    .iter()
                    .any(|r| r.is_isolated_in(text))
            })
        });
        if value.is_seq() && !expands && !opaque.contains(&name) {
            out.push(Length {
                name,
                length: value.items().count(),
                array: value,
                default: false,
            });
        }
    }
    out
}

/// A `$(params.p[i])` beyond the length of `p`.
pub(crate) struct OutOfBounds<'t, 'l> {
    /// The string holding the reference, and the reference's range in its value.
    pub string: View<'t>,
    pub range: Range<usize>,
    pub index: usize,
    pub length: &'l Length<'l>,
}

/// Every reference in the spec's strings (listed by `strings` only when some length is known:
/// most specs have no array param, and listing is the costly part) beyond its param's length.
pub(crate) fn out_of_bounds<'t, 'l>(
    strings: impl FnOnce() -> Vec<View<'t>>,
    lengths: &'l [Length<'l>],
) -> Vec<OutOfBounds<'t, 'l>> {
    let mut out = Vec::new();
    if lengths.is_empty() {
        return out;
    }
    for string in strings() {
        let Some(text) = string.str() else { continue };
        for reference in variables::references(text) {
            let Variable::Param {
                name,
                access: Access::Index(index),
                ..
            } = reference.variable
            else {
                continue;
            };
            if let Some(length) = lengths
                .iter()
                .find(|l| l.name == name.text && index >= l.length)
            {
                out.push(OutOfBounds {
                    string,
                    range: reference.range,
                    index,
                    length,
                });
            }
        }
    }
    out
}

fn elements(n: usize) -> String {
    if n == 1 {
        "1 element".to_owned()
    } else {
        format!("{n} elements")
    }
}

/// Reports references of a spec in this document at the references themselves.
pub(crate) fn report_here<'t>(
    cx: &mut Ctx<'_>,
    strings: impl FnOnce() -> Vec<View<'t>>,
    lengths: &[Length<'_>],
) {
    for found in out_of_bounds(strings, lengths) {
        let (index, name, n) = (
            found.index,
            found.length.name,
            elements(found.length.length),
        );
        let message = if found.length.default {
            format!(
                "index {index} is out of bounds: param `{name}` is not given and its default has {n}"
            )
        } else {
            format!("index {index} is out of bounds: param `{name}` is given {n}")
        };
        let span = found.string.sub_span(cx.text, found.range.clone());
        if let Some(d) = cx.report("param-array-index-out-of-bounds", span, message) {
            related(d, found.length.array.span(), "the array");
        }
    }
}

/// Reports references of a spec in another document (`file`, whose text is `text`) in this
/// one: on the array this document gives, or at `at` (the reference to that spec) when the
/// default applies.
pub(crate) fn report_elsewhere<'t>(
    cx: &mut Ctx<'_>,
    at: Span,
    (file, text): (&FileRef, &str),
    strings: impl FnOnce() -> Vec<View<'t>>,
    lengths: &[Length<'_>],
) {
    for found in out_of_bounds(strings, lengths) {
        let name = found.length.name;
        let (span, message) = if found.length.default {
            (
                at,
                format!(
                    "param `{name}` is indexed at {} but not given, and its default has {}",
                    found.index,
                    elements(found.length.length)
                ),
            )
        } else {
            (
                found.length.array.span(),
                format!(
                    "param `{name}` is indexed at {}, beyond the {} given here",
                    found.index,
                    elements(found.length.length)
                ),
            )
        };
        if let Some(d) = cx.report("param-array-index-out-of-bounds", span, message) {
            d.related.push(Related {
                file: Some(file.clone()),
                span: found.string.sub_span(text, found.range.clone()),
                message: "indexed here".to_owned(),
            });
            if found.length.default {
                d.related.push(Related {
                    file: Some(file.clone()),
                    span: found.length.array.span(),
                    message: "the default".to_owned(),
                });
            }
        }
    }
}

/// The strings of a TaskSpec upstream looks for array indexes in: steps and sidecars (script
/// and container fields), the step template, volumes, workspace mount paths.
pub(crate) fn task_spec_strings(spec: View<'_>) -> Vec<View<'_>> {
    let mut out = Vec::new();
    let containers = spec
        .get("steps")
        .into_iter()
        .flat_map(View::items)
        .chain(spec.get("stepTemplate"))
        .chain(spec.get("sidecars").into_iter().flat_map(View::items));
    for container in containers {
        out.extend(
            container_strings(container)
                .into_iter()
                .filter(|(key, _)| *key != "onError")
                .map(|(_, v)| v),
        );
        for env in container.get("env").into_iter().flat_map(View::items) {
            let from = env.get("valueFrom");
            for source in ["secretKeyRef", "configMapKeyRef"] {
                let source = from.and_then(|f| f.get(source));
                out.extend(["name", "key"].iter().filter_map(|k| source?.get(k)));
            }
        }
        for env in container.get("envFrom").into_iter().flat_map(View::items) {
            out.extend(env.get("prefix"));
            for source in ["configMapRef", "secretRef"] {
                out.extend(env.get(source).and_then(|s| s.get("name")));
            }
        }
    }
    for volume in spec.get("volumes").into_iter().flat_map(View::items) {
        volume_strings(volume, &mut out);
    }
    let workspaces = spec.get("workspaces").into_iter().flat_map(View::items);
    out.extend(workspaces.filter_map(|w| w.get("mountPath")));
    out
}

/// The volume fields upstream reads: names of the sources and their items' keys and paths.
fn volume_strings<'t>(volume: View<'t>, out: &mut Vec<View<'t>>) {
    let at = |path: &[&str]| path.iter().try_fold(volume, |v, key| v.get(key));
    out.extend(at(&["name"]));
    out.extend(at(&["configMap", "name"]));
    out.extend(at(&["secret", "secretName"]));
    out.extend(at(&["persistentVolumeClaim", "claimName"]));
    out.extend(at(&["csi", "nodePublishSecretRef", "name"]));
    for source in ["configMap", "secret"] {
        for item in at(&[source, "items"]).into_iter().flat_map(View::items) {
            out.extend(item.get("key"));
            out.extend(item.get("path"));
        }
    }
    let projected = at(&["projected", "sources"])
        .into_iter()
        .flat_map(View::items);
    for source in projected {
        out.extend(source.get("configMap").and_then(|s| s.get("name")));
        out.extend(source.get("secret").and_then(|s| s.get("name")));
        out.extend(
            source
                .get("serviceAccountToken")
                .and_then(|s| s.get("audience")),
        );
    }
    let attributes = at(&["csi", "volumeAttributes"]);
    out.extend(
        attributes
            .into_iter()
            .flat_map(View::entries)
            .map(|(_, v)| v),
    );
}

/// The strings of a PipelineSpec upstream looks for array indexes in: pipeline tasks' params,
/// matrix params (of matrixed tasks), workspace sub-paths (not of finally tasks), when inputs
/// and values.
pub(crate) fn pipeline_spec_strings(spec: View<'_>) -> Vec<View<'_>> {
    let mut out = Vec::new();
    for (section, finally) in [("tasks", false), ("finally", true)] {
        for task in spec.get(section).into_iter().flat_map(View::items) {
            let mut lists = vec![task.get("params")];
            if matrix::is_matrixed(task) {
                lists.push(task.get("matrix").and_then(|m| m.get("params")));
            }
            for value in lists
                .into_iter()
                .flatten()
                .flat_map(View::items)
                .filter_map(|p| p.get("value"))
            {
                out.push(value);
                out.extend(value.items());
                out.extend(value.entries().map(|(_, v)| v));
            }
            if !finally {
                let bindings = task.get("workspaces").into_iter().flat_map(View::items);
                out.extend(bindings.filter_map(|b| b.get("subPath")));
            }
            for when in task.get("when").into_iter().flat_map(View::items) {
                out.extend(when.get("input"));
                out.extend(when.get("values").into_iter().flat_map(View::items));
            }
        }
    }
    out
}

/// The params a pipeline task gives its TaskRun, and the names it gives through its matrix
/// (each TaskRun gets one element of those).
pub(crate) fn pipeline_task_params(task: View<'_>) -> (Vec<View<'_>>, Vec<&str>) {
    let given: Vec<View<'_>> = task
        .get("params")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let matrix = task.get("matrix");
    let includes = matrix
        .and_then(|m| m.get("include"))
        .into_iter()
        .flat_map(View::items)
        .filter_map(|i| i.get("params"));
    let fanned: Vec<&str> = matrix
        .and_then(|m| m.get("params"))
        .into_iter()
        .chain(includes)
        .flat_map(View::items)
        .filter_map(|p| p.get("name")?.str())
        .collect();
    (given, fanned)
}
