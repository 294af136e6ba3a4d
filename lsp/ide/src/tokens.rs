//! Semantic tokens for `$(...)` references: the root (`params`, `tasks`, `context`, ...) and the
//! names of tasks, steps and workspaces as variables, param names as parameters, and what
//! follows (results, object keys, `path`, `status`, context fields) as properties.

use tekton_analysis::rules::view::View;
use tekton_analysis::variables::{self, Variable};
use tekton_analysis::{FileAnalysis, Span};

/// One token; tokens do not overlap and come in text order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: TokenKind,
}

/// The token types the server advertises, in its legend's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Variable,
    Parameter,
    Property,
}

impl TokenKind {
    /// Every kind, in legend order.
    pub const ALL: [TokenKind; 3] = [
        TokenKind::Variable,
        TokenKind::Parameter,
        TokenKind::Property,
    ];
}

/// The tokens of every Tekton variable reference in the file's Tekton documents.
pub fn semantic_tokens(analysis: &FileAnalysis) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    for document in analysis.documents.iter().filter(|d| d.is_tekton()) {
        let Some(root) = document.root else { continue };
        for value in crate::semantics::scalars(View::new(&analysis.syntax, root), &[]) {
            let Some(text) = value.str().filter(|t| t.contains("$(")) else {
                continue;
            };
            for reference in variables::references(text) {
                let is_param = match reference.variable {
                    Variable::Param { .. } => true,
                    Variable::Unknown | Variable::Malformed { .. } | Variable::Obsolete => continue,
                    _ => false,
                };
                let body_start = reference.range.start + 2;
                for (index, range) in segments(reference.body).into_iter().enumerate() {
                    let kind = match index {
                        0 => TokenKind::Variable,
                        1 if is_param => TokenKind::Parameter,
                        1 => TokenKind::Variable,
                        _ => TokenKind::Property,
                    };
                    let span = value.sub_span(
                        &analysis.text,
                        body_start + range.start..body_start + range.end,
                    );
                    // A name that cannot be placed exactly gets no token (never a wrong one).
                    if span.len() == range.len() {
                        out.push(SemanticToken { span, kind });
                    }
                }
            }
        }
    }
    out.sort_by_key(|token| token.span.start);
    out.dedup_by(|a, b| a.span.start < b.span.end);
    out
}

/// The names of a reference body: dot-separated words and the insides of `["..."]`, without
/// indices.
fn segments(body: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'.' | b']' => at += 1,
            b'[' => match bytes.get(at + 1) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = at + 2;
                    let end = body
                        .get(start..)
                        .and_then(|rest| rest.find(char::from(quote)))
                        .map_or(bytes.len(), |i| start + i);
                    out.push(start..end);
                    at = end + 1;
                }
                _ => {
                    // `[*]`, `[0]`: an index, no name.
                    at = body
                        .get(at..)
                        .and_then(|rest| rest.find(']'))
                        .map_or(bytes.len(), |i| at + i + 1);
                }
            },
            _ => {
                let start = at;
                while at < bytes.len() && !matches!(bytes[at], b'.' | b'[') {
                    at += 1;
                }
                out.push(start..at);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn names_of_a_body() {
        let body = "params[\"a.b\"][*]";
        let names: Vec<&str> = segments(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(names, ["params", "a.b"]);
        let body = "tasks.build.results.digest";
        let names: Vec<&str> = segments(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(names, ["tasks", "build", "results", "digest"]);
    }
}
