//! Helpers shared by the integration tests: rendering diagnostics under the source lines they
//! point at, so snapshots show exact ranges at a glance.

use std::fmt::Write;

use tekton_analysis::config::RuleLevel;
use tekton_analysis::{AnalysisConfig, Diagnostic, Encoding, LineIndex, rules};

/// Each diagnostic as `severity[rule] L:C-L:C: message`, then the lines it covers with `^`
/// under the span (1-based lines, character columns), then its fix if any.
pub fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let start = index.position(diagnostic.span.start, Encoding::Utf32);
        let end = index.position(diagnostic.span.end, Encoding::Utf32);
        let _ = writeln!(
            out,
            "{}[{}] {}:{}-{}:{}: {}",
            diagnostic.severity,
            diagnostic.rule,
            start.line + 1,
            start.column + 1,
            end.line + 1,
            end.column + 1,
            diagnostic.message
        );
        for line in start.line..=end.line {
            let line_start = index.line_start(line).unwrap_or(0);
            let line_text = text[line_start..].lines().next().unwrap_or("");
            let from = if line == start.line { start.column } else { 0 };
            let to = if line == end.line {
                end.column
            } else {
                line_text.chars().count() as u32
            };
            let _ = writeln!(out, "{:>4} | {line_text}", line + 1);
            let marks = "^".repeat((to.saturating_sub(from)).max(1) as usize);
            let _ = writeln!(out, "     | {}{marks}", " ".repeat(from as usize));
        }
        if let Some(fix) = &diagnostic.fix {
            for edit in &fix.edits {
                let _ = writeln!(
                    out,
                    "     = fix: {}: replace {:?} with {:?}",
                    fix.title,
                    &text[edit.span.start..edit.span.end],
                    edit.new_text
                );
            }
        }
    }
    out
}

/// `config` with every rule but the schema's and `yaml-syntax` off, so snapshots of schema
/// diagnostics do not change when Tekton rules are added.
pub fn schema_rules_only(mut config: AnalysisConfig) -> AnalysisConfig {
    let kept = [
        rules::YAML_SYNTAX,
        rules::UNKNOWN_FIELD,
        rules::FIELD_TYPE_MISMATCH,
        rules::MISSING_REQUIRED_FIELD,
    ];
    for rule in rules::all().filter(|rule| !kept.contains(rule)) {
        let _ = config.set_rule_level(rule, RuleLevel::Off);
    }
    config
}
