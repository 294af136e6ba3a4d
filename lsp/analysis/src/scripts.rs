//! Step and sidecar scripts as ShellCheck reads them, and its findings mapped back to the YAML.
//!
//! Running ShellCheck is a process, so it happens in `tekton-check`; this module is the pure
//! part on both sides of it. [`scripts`] finds every `script` of a step, a sidecar or a
//! StepAction (at any depth: a Pipeline's `taskSpec`, a run's inline spec), decides its shell the
//! way Tekton's entrypoint does (the shebang, or `sh` when there is none: Tekton writes the
//! script to a file with `#!/bin/sh\nset -e\n` in front), and gives its decoded text with each
//! Tekton variable (`$(params.x)`, `$(workspaces.w.path)`, ...) replaced by a placeholder of the
//! same length that ShellCheck reads as a plain word. [`Script::diagnostic`] turns a finding
//! (ShellCheck's line and column in that text) into a `script-shellcheck` diagnostic on the
//! exact YAML bytes it came from, through the decoded-to-source map of the scalar (block
//! indentation, folding, quotes and escapes).

use std::ops::Range;

use crate::config::RuleLevel;
use crate::syntax::scalar::decode_mapped;
use crate::syntax::{NodeId, NodeKind, SyntaxTree};
use crate::variables::{self, Variable};
use crate::{AnalysisConfig, Diagnostic, DocumentKind, FileAnalysis, Severity, Span, TektonKind};

/// The shells ShellCheck knows, as `--shell` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shell {
    Sh,
    Bash,
    Dash,
    Ksh,
}

impl Shell {
    pub fn as_str(self) -> &'static str {
        match self {
            Shell::Sh => "sh",
            Shell::Bash => "bash",
            Shell::Dash => "dash",
            Shell::Ksh => "ksh",
        }
    }

    /// The shell that runs `script`: its shebang's interpreter (also through `env`), `sh` without
    /// a shebang, `None` for any other interpreter (python, `#!win pwsh`, ...).
    pub fn of_script(script: &str) -> Option<Shell> {
        // Tekton looks for the shebang after leading blank lines (`strings.TrimSpace`).
        let Some(shebang) = script.trim_start().strip_prefix("#!") else {
            return Some(Shell::Sh);
        };
        let line = shebang.lines().next().unwrap_or("");
        let mut words = line.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|word| !word.starts_with('-'))?;
        }
        match program {
            "sh" => Some(Shell::Sh),
            "bash" => Some(Shell::Bash),
            "dash" => Some(Shell::Dash),
            "ksh" => Some(Shell::Ksh),
            _ => None,
        }
    }
}

/// One script, ready for ShellCheck.
#[derive(Clone, Debug)]
pub struct Script {
    pub shell: Shell,
    /// What ShellCheck reads: the decoded script, Tekton variables replaced by placeholders.
    pub text: String,
    /// The YAML value holding the script.
    pub span: Span,
    /// For each byte of `text`, the bytes of the file it was decoded from.
    source: Vec<Range<usize>>,
    /// Where `text` has placeholders.
    placeholders: Vec<Range<usize>>,
}

/// ShellCheck's levels, most severe first (its `--severity` order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
    Info,
    Style,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Style => "style",
        }
    }

    pub fn parse(level: &str) -> Option<Level> {
        match level {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "info" => Some(Level::Info),
            "style" => Some(Level::Style),
            _ => None,
        }
    }
}

/// One ShellCheck comment, as its `json1` format gives it: 1-based lines and columns in
/// characters (a tab is one column), end column exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: u32,
    pub level: Level,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Codes about a word's nature that a placeholder gets wrong: it is a constant word to
/// ShellCheck but a value at run time (`[ "$(params.flag)" = true ]` is not a constant
/// expression), and a bare name to `-gt` in `[[ ]]`. They are dropped on the lines of a
/// placeholder (ShellCheck reports the constant expression on its operator, not its operands).
const PLACEHOLDER_CODES: [u32; 6] = [2050, 2078, 2157, 2193, 2194, 2309];

/// Every script in the file's Tekton documents that one of ShellCheck's shells runs.
pub fn scripts(analysis: &FileAnalysis) -> Vec<Script> {
    let tree = &analysis.syntax;
    let mut values = Vec::new();
    for document in &analysis.documents {
        let (DocumentKind::Tekton { kind, .. }, Some(root)) = (&document.kind, document.root)
        else {
            continue;
        };
        if *kind == TektonKind::StepAction
            && let Some(script) = tree
                .entry(root, "spec")
                .and_then(|spec| spec.value)
                .and_then(|spec| tree.entry(spec, "script"))
                .and_then(|entry| entry.value)
        {
            values.push(script);
        }
        container_scripts(tree, root, 0, &mut values);
    }
    values
        .into_iter()
        .filter_map(|id| script(&analysis.text, tree, id))
        .collect()
}

/// The `script` values of every item of a `steps` or `sidecars` list under `id`.
fn container_scripts(tree: &SyntaxTree, id: NodeId, depth: usize, out: &mut Vec<NodeId>) {
    // Specs nest a few levels (pipelines in pipelines); anything deeper is not Tekton's.
    if depth > crate::syntax::MAX_DEPTH {
        return;
    }
    match &tree.node(id).kind {
        NodeKind::Mapping(entries) => {
            for entry in entries {
                let Some(value) = entry.value else { continue };
                if let NodeKind::Sequence(items) = &tree.node(value).kind
                    && matches!(tree.key_text(entry).as_deref(), Some("steps" | "sidecars"))
                {
                    out.extend(
                        items
                            .iter()
                            .filter_map(|&item| tree.entry(item, "script")?.value),
                    );
                }
                container_scripts(tree, value, depth + 1, out);
            }
        }
        NodeKind::Sequence(items) => {
            for &item in items {
                container_scripts(tree, item, depth + 1, out);
            }
        }
        NodeKind::Scalar(_) | NodeKind::Alias { .. } => {}
    }
}

fn script(text: &str, tree: &SyntaxTree, id: NodeId) -> Option<Script> {
    let node = tree.node(id);
    let NodeKind::Scalar(scalar) = &node.kind else {
        return None;
    };
    if node.has_error || scalar.value.trim().is_empty() {
        return None;
    }
    let shell = Shell::of_script(&scalar.value)?;
    let source = text.get(node.span.start..node.span.end)?;
    let line_start = text[..node.span.start].rfind('\n').map_or(0, |at| at + 1);
    let line_indent = text[line_start..]
        .bytes()
        .take_while(|&byte| byte == b' ')
        .count();
    let mapped = decode_mapped(scalar.style, source, line_indent);
    // Each reference the runtime substitutes becomes `_` repeated: one shell word, no `$`.
    let placeholders: Vec<Range<usize>> = variables::references(&mapped.text)
        .into_iter()
        .filter(|reference| {
            !matches!(reference.variable, Variable::Unknown)
                && mapped.text[reference.range.clone()].ends_with(')')
        })
        .map(|reference| reference.range)
        .collect();
    let mut bytes = mapped.text.into_bytes();
    for placeholder in &placeholders {
        bytes[placeholder.clone()].fill(b'_');
    }
    // Only whole references (ASCII `$(`...`)`, UTF-8 inside) were overwritten, so this holds.
    let text_for_shellcheck = String::from_utf8(bytes).ok()?;
    let offset = node.span.start;
    Some(Script {
        shell,
        text: text_for_shellcheck,
        span: node.span,
        source: mapped
            .source
            .into_iter()
            .map(|range| range.start + offset..range.end + offset)
            .collect(),
        placeholders,
    })
}

impl Script {
    /// The diagnostic for one of this script's findings, at the YAML bytes it came from; `None`
    /// when the rule is off, or the finding only reflects a placeholder.
    pub fn diagnostic(&self, finding: &Finding, config: &AnalysisConfig) -> Option<Diagnostic> {
        let start = self.offset(finding.line, finding.column);
        let end = self.offset(finding.end_line, finding.end_column).max(start);
        if PLACEHOLDER_CODES.contains(&finding.code) {
            let lines_start = self.text[..start].rfind('\n').map_or(0, |at| at + 1);
            let lines_end = self.text[end..]
                .find('\n')
                .map_or(self.text.len(), |at| end + at);
            if self
                .placeholders
                .iter()
                .any(|placeholder| placeholder.start < lines_end && lines_start < placeholder.end)
            {
                return None;
            }
        }
        let severity = match config.rule_levels.get(crate::rules::SCRIPT_SHELLCHECK) {
            Some(RuleLevel::Off) => return None,
            Some(RuleLevel::Error) => Severity::Error,
            Some(RuleLevel::Warning) => Severity::Warning,
            Some(RuleLevel::Info) => Severity::Info,
            // ShellCheck's own level decides: its errors and warnings are ours, its info and
            // style notes are information.
            None => match finding.level {
                Level::Error | Level::Warning => Severity::Warning,
                Level::Info | Level::Style => Severity::Info,
            },
        };
        let span = self.file_span(start..end);
        let mut diagnostic = Diagnostic::new(
            crate::rules::SCRIPT_SHELLCHECK,
            span,
            format!(
                "SC{code} ({level}): {message} (https://www.shellcheck.net/wiki/SC{code})",
                code = finding.code,
                level = finding.level.as_str(),
                message = finding.message,
            ),
        );
        diagnostic.severity = severity;
        Some(diagnostic)
    }

    /// The byte offset in `text` of a 1-based line and character column, clamped to the line.
    fn offset(&self, line: usize, column: usize) -> usize {
        let line_start = if line <= 1 {
            0
        } else {
            match self.text.match_indices('\n').nth(line - 2) {
                Some((at, _)) => at + 1,
                None => return self.text.len(),
            }
        };
        let rest = &self.text[line_start..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let within = rest[..line_len]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_len, |(at, _)| at);
        line_start + within
    }

    /// The file bytes a range of `text` was decoded from.
    fn file_span(&self, range: Range<usize>) -> Span {
        let Some(first) = self.source.get(range.start) else {
            // At the very end of the script (ShellCheck's end-of-input findings).
            let end = self.source.last().map_or(self.span.end, |last| last.end);
            return Span::at(end);
        };
        if range.is_empty() {
            return Span::at(first.start);
        }
        let last = &self.source[range.end - 1];
        Span::new(first.start, last.end.max(first.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs_decide_the_shell() {
        for (script, shell) in [
            ("echo hi", Some(Shell::Sh)),
            ("#!/bin/bash\necho", Some(Shell::Bash)),
            ("#!/usr/bin/env bash\necho", Some(Shell::Bash)),
            ("#!/usr/bin/env -S ksh -e\necho", Some(Shell::Ksh)),
            ("#!/bin/sh -ex\necho", Some(Shell::Sh)),
            ("#!/bin/dash", Some(Shell::Dash)),
            ("#!/usr/bin/env python3\nprint()", None),
            ("#!win pwsh\nWrite-Host", None),
            ("#!", None),
            ("\n  #!/bin/bash\necho", Some(Shell::Bash)),
        ] {
            assert_eq!(Shell::of_script(script), shell, "{script:?}");
        }
    }
}
