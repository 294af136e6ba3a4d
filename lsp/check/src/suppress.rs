//! `# tekton-lsp: ignore[rule-id, ...]` comments, which silence diagnostics on one line.
//!
//! A directive after content applies to its own line; a directive alone on a line applies to the
//! next line (so it can sit above a long line). Without `[...]` it silences every rule. A
//! diagnostic belongs to the line where its primary span starts.
//!
//! Comments are found by scanning lines rather than through the YAML tree so that a directive
//! still works in a file too broken to parse, which is when `yaml-syntax` needs silencing most.
//! The cost is that the text inside a block scalar (a `script: |` body) is scanned too; a
//! directive there only silences that line.

use std::collections::HashMap;

/// The directives of one file, by the 0-based line they apply to.
#[derive(Debug, Default)]
pub struct Suppressions {
    by_line: HashMap<usize, Directive>,
}

#[derive(Debug, PartialEq)]
enum Directive {
    All,
    Rules(Vec<String>),
}

const MARKER: &str = "tekton-lsp:";

impl Suppressions {
    pub fn parse(text: &str) -> Self {
        let mut by_line = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            // Cheap test first: almost no line has the marker.
            if !line.contains(MARKER) {
                continue;
            }
            let Some((before, directive)) = find_directive(line) else {
                continue;
            };
            let target = if before.trim().is_empty() {
                number + 1
            } else {
                number
            };
            by_line.insert(target, directive);
        }
        Suppressions { by_line }
    }

    /// Whether `rule` is silenced on `line` (0-based).
    pub fn silences(&self, line: usize, rule: &str) -> bool {
        match self.by_line.get(&line) {
            Some(Directive::All) => true,
            Some(Directive::Rules(rules)) => rules.iter().any(|silenced| silenced == rule),
            None => false,
        }
    }
}

/// Splits a line into the text before its directive comment and the directive, if it has one.
fn find_directive(line: &str) -> Option<(&str, Directive)> {
    let mut search_from = 0;
    while let Some(offset) = line[search_from..].find('#') {
        let hash = search_from + offset;
        search_from = hash + 1;
        // YAML only starts a comment at a `#` that begins the line or follows whitespace.
        let starts_comment = line[..hash]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        if !starts_comment {
            continue;
        }
        let Some(rest) = line[hash + 1..].trim_start().strip_prefix(MARKER) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("ignore") else {
            continue;
        };
        let rest = rest.trim();
        let directive = if rest.is_empty() {
            Directive::All
        } else {
            let list = rest.strip_prefix('[')?.split_once(']')?.0;
            Directive::Rules(
                list.split(',')
                    .map(str::trim)
                    .filter(|rule| !rule.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        };
        return Some((&line[..hash], directive));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_directive_applies_to_its_line() {
        let s = Suppressions::parse("a: 1\nimage: x:latest  # tekton-lsp: ignore[latest-image]\n");
        assert!(s.silences(1, "latest-image"));
        assert!(!s.silences(1, "unknown-field"));
        assert!(!s.silences(2, "latest-image"));
    }

    #[test]
    fn own_line_directive_applies_to_next_line() {
        let s = Suppressions::parse("  # tekton-lsp: ignore[a, b]\n  runafter: [x]\n");
        assert!(s.silences(1, "a"));
        assert!(s.silences(1, "b"));
        assert!(!s.silences(0, "a"));
    }

    #[test]
    fn bare_ignore_silences_every_rule() {
        let s = Suppressions::parse("x: [  #tekton-lsp: ignore\n");
        assert!(s.silences(0, "yaml-syntax"));
    }

    #[test]
    fn hash_inside_a_value_is_not_a_comment() {
        let s = Suppressions::parse("url: http://h/a#tekton-lsp: ignore\n");
        assert!(!s.silences(0, "anything"));
    }

    #[test]
    fn malformed_directive_is_ignored() {
        let s = Suppressions::parse("a: 1 # tekton-lsp: ignore[oops\n");
        assert!(!s.silences(0, "oops"));
        let s = Suppressions::parse("a: 1 # tekton-lsp: ignored\n");
        assert!(!s.silences(0, "x"));
    }
}
