//! Best practices upstream does not enforce (tekton-lint's rules and beyond): images that move
//! under you, scripts that need bash but would run with `sh`, declared names that are not
//! kebab-case.

use super::engine::Ctx;
use super::view::View;
use crate::syntax::ScalarStyle;
use crate::{Span, TektonKind, TextEdit};

pub(crate) const IMAGE_LATEST: &str = "image-latest";
pub(crate) const SCRIPT_SHEBANG_MISSING: &str = "script-shebang-missing";
pub(crate) const NAME_NOT_KEBAB_CASE: &str = "name-not-kebab-case";
pub(crate) const METADATA_RESOURCE_VERSION: &str = "metadata-resource-version";

/// Runs the best-practice rules on a whole document.
pub(crate) fn check(cx: &mut Ctx<'_>, root: View<'_>, kind: TektonKind) {
    let metadata = root.get("metadata");
    if let Some(name) = metadata.and_then(|m| m.get("name")) {
        check_kebab(cx, name, "the resource name");
    }
    if let Some(version) = metadata.and_then(|m| m.get("resourceVersion")) {
        cx.report(
            METADATA_RESOURCE_VERSION,
            version.key_span(),
            "`resourceVersion` pins the object to one revision in the cluster: applying the \
             file fails with a conflict once the object has changed; remove it",
        );
    }
    let Some(spec) = root.get("spec") else {
        return;
    };
    if kind == TektonKind::StepAction {
        check_container(cx, spec);
    }
    walk(cx, spec, kind);
}

/// Visits every container (steps, sidecars, stepTemplate) and every spec that declares names,
/// embedded ones included.
fn walk(cx: &mut Ctx<'_>, node: View<'_>, kind: TektonKind) {
    if matches!(
        kind,
        TektonKind::Task | TektonKind::Pipeline | TektonKind::StepAction
    ) {
        check_declared_names(cx, node);
    }
    for (key, value) in node.entries() {
        match key {
            "steps" | "sidecars" => value.items().for_each(|c| check_container(cx, c)),
            "stepTemplate" => check_container(cx, value),
            _ => {}
        }
        let embedded = match key {
            "taskSpec" => Some(TektonKind::Task),
            "pipelineSpec" => Some(TektonKind::Pipeline),
            _ => None,
        };
        if let Some(embedded) = embedded {
            walk(cx, value, embedded);
        } else if matches!(key, "tasks" | "finally") {
            for task in value.items() {
                walk(cx, task, TektonKind::PipelineRun);
            }
        }
    }
}

fn check_container(cx: &mut Ctx<'_>, container: View<'_>) {
    if let Some(image) = container.get("image") {
        check_image(cx, image);
    }
    if let Some(script) = container.get("script") {
        check_shebang(cx, script);
    }
}

/// `image-latest`: no tag and no digest, or the tag `latest`. The last path component holds
/// the tag (`registry:5000/a/b` has a port, not a tag); a component with a `$(...)` in it is
/// decided at run time, so it is left alone.
fn check_image(cx: &mut Ctx<'_>, image: View<'_>) {
    let Some(text) = image.str().map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    if text.contains('@') {
        return;
    }
    let last = text.rsplit('/').next().unwrap_or(text);
    if last.contains("$(") {
        return;
    }
    let message = match last.split_once(':') {
        None => format!(
            "the image `{text}` has no tag or digest, so it means `:latest`, which can change \
             between runs: pin a version tag or a digest (`@sha256:...`)"
        ),
        Some((_, "latest")) => format!(
            "the image `{text}` uses `:latest`, which can change between runs: pin a version \
             tag or a digest (`@sha256:...`)"
        ),
        Some(_) => return,
    };
    cx.report(IMAGE_LATEST, image.span(), message);
}

/// Shell features beyond POSIX sh, as (text searched for, what it is, whether it is a command
/// name, found only where a command starts). Tekton runs a script without `#!` as `#!/bin/sh`
/// (upstream `pkg/pod/script.go`, `defaultScriptPreamble`), and where `sh` is dash or busybox
/// these fail.
const BASHISMS: &[(&str, &str, bool)] = &[
    ("[[ ", "`[[ ... ]]` tests", false),
    ("<(", "process substitution `<(...)`", false),
    (">(", "process substitution `>(...)`", false),
    ("<<<", "here-strings `<<<`", false),
    ("&>", "`&>` redirection", false),
    ("${!", "indirect expansion `${!...}`", false),
    ("$RANDOM", "`$RANDOM`", false),
    ("=(", "arrays", false),
    ("function ", "the `function` keyword", true),
    ("source ", "`source` (POSIX sh has `.`)", true),
    ("declare ", "`declare`", true),
    ("typeset ", "`typeset`", true),
    ("shopt ", "`shopt`", true),
    ("mapfile ", "`mapfile`", true),
    ("readarray ", "`readarray`", true),
    ("pushd ", "`pushd`", true),
    ("popd", "`popd`", true),
];

/// Whether `before` (the line up to a word) leaves the word where a command starts.
fn at_command_start(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty()
        || ["; ", ";", "&&", "||", "then", "do", "else", "{", "(", "!"]
            .iter()
            .any(|end| before.ends_with(end.trim_end()))
}

/// The first bash feature of a script's code, skipping comment lines: (byte range in the
/// script, what it is).
fn first_bashism(script: &str) -> Option<(std::ops::Range<usize>, &'static str)> {
    let mut offset = 0;
    for line in script.split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            let found = BASHISMS
                .iter()
                .filter_map(|(needle, what, command)| {
                    let at = line
                        .match_indices(needle)
                        .map(|(at, _)| at)
                        .find(|&at| !command || at_command_start(&line[..at]))?;
                    Some((at, needle.trim_end().len(), *what))
                })
                .min_by_key(|(at, _, _)| *at);
            if let Some((at, len, what)) = found {
                return Some((offset + at..offset + at + len, what));
            }
        }
        offset += line.len();
    }
    None
}

/// `script-shebang-missing`: a script without `#!` that uses bash features.
fn check_shebang(cx: &mut Ctx<'_>, script: View<'_>) {
    let Some(value) = script.str() else { return };
    if value.trim_start().starts_with("#!") {
        return;
    }
    let Some((range, what)) = first_bashism(value) else {
        return;
    };
    let span = script.sub_span(cx.text, range);
    let fix = shebang_edit(cx.text, script);
    if let Some(d) = cx.report(
        SCRIPT_SHEBANG_MISSING,
        span,
        format!(
            "the script has no `#!` line, so Tekton runs it with `/bin/sh`, but it uses {what}, \
             which POSIX sh does not have: start it with `#!/bin/bash`"
        ),
    ) && let Some(edit) = fix
    {
        d.fix = Some(crate::Fix {
            title: "add `#!/bin/bash`".to_owned(),
            edits: vec![edit],
        });
    }
}

/// Inserts `#!/bin/bash` as the first line of a `|` block scalar, indented like its content.
fn shebang_edit(text: &str, script: View<'_>) -> Option<TextEdit> {
    let scalar = script.tree().scalar(script.id())?;
    if scalar.style != ScalarStyle::Literal {
        return None;
    }
    let span = script.span();
    let source = text.get(span.start..span.end)?;
    let header_end = source.find('\n')? + 1;
    let body = &source[header_end..];
    let first = body
        .split_inclusive('\n')
        .find(|line| !line.trim().is_empty())?;
    let indent = &first[..first.len() - first.trim_start().len()];
    if indent.is_empty() || !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let first_at = span.start + header_end + body.find(first)?;
    Some(TextEdit {
        span: Span::at(first_at),
        new_text: format!("{indent}#!/bin/bash\n"),
    })
}

/// Lowercase letters and digits in words joined by single `-`.
fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_kebab(cx: &mut Ctx<'_>, name: View<'_>, what: &str) {
    let Some(text) = name.str() else { return };
    // Half-typed or templated names are not a style question.
    if text.is_empty() || text.contains("$(") || text.contains("{{") || is_kebab_case(text) {
        return;
    }
    cx.report(
        NAME_NOT_KEBAB_CASE,
        name.span(),
        format!("{what} `{text}` is not kebab-case (lowercase words joined by `-`)"),
    );
}

/// The workspace names a Task or Pipeline spec declares. (Param and result names are left
/// alone: Tekton's own catalog names them `IMAGE`, `pathToContext`, `IMAGE_DIGEST`.)
fn check_declared_names(cx: &mut Ctx<'_>, spec: View<'_>) {
    for item in spec.get("workspaces").into_iter().flat_map(View::items) {
        if let Some(name) = item.get("name") {
            check_kebab(cx, name, "the workspace name");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bashisms_are_found_outside_comments() {
        assert_eq!(
            first_bashism("echo a\nif [[ -f x ]]; then :; fi\n").map(|(r, _)| r),
            Some(10..12)
        );
        assert_eq!(first_bashism("# [[ in a comment\necho ok\n"), None);
        assert_eq!(
            first_bashism("set -e\nif [ -f x ]; then . ./env; fi\n"),
            None
        );
        assert!(first_bashism("a=(1 2)\n").is_some());
        assert!(
            is_kebab_case("git-clone-2") && !is_kebab_case("GIT_URL") && !is_kebab_case("a--b")
        );
    }
}
