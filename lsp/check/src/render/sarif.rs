//! `--format sarif`: SARIF 2.1.0 for code-scanning services, written with a few serde structs
//! (as ruff does) rather than a SARIF crate: we emit a small, fixed subset.
//!
//! Columns are declared as `unicodeCodePoints` (SARIF's default is UTF-16 units), matching the
//! other formats. File locations are relative URIs, which GitHub resolves against the checkout.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use tekton_analysis::Severity;

use super::{CheckedFile, Range, Report, slash_path};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Rule<'a> {
    id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl From<Range> for Region {
    fn from(range: Range) -> Self {
        Region {
            start_line: range.start.line,
            start_column: range.start.column,
            end_line: range.end.line,
            end_column: range.end.column,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Message<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: InsertedContent<'a>,
}

#[derive(Serialize)]
struct InsertedContent<'a> {
    text: &'a str,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // SARIF results point into `rules` by index; a sorted set gives stable indices.
    let rule_ids: Vec<&str> = report
        .diagnostics()
        .map(|(_, diagnostic)| diagnostic.rule)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let results = report
        .diagnostics()
        .map(|(file, diagnostic)| {
            let rule_id = diagnostic.rule;
            SarifResult {
                rule_id,
                rule_index: rule_ids.binary_search(&rule_id).unwrap_or_default(),
                level: match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info | Severity::Hint => "note",
                },
                message: Message {
                    text: &diagnostic.message,
                },
                locations: [location(file, file.range(diagnostic.span), None, None)],
                // Related spans in another file are left out until the report carries the
                // other files' line indexes (no rule reports one yet).
                related_locations: diagnostic
                    .related
                    .iter()
                    .enumerate()
                    .filter(|(_, related)| related.file.is_none())
                    .map(|(id, related)| {
                        location(
                            file,
                            file.range(related.span),
                            Some(id + 1),
                            Some(&related.message),
                        )
                    })
                    .collect(),
                fixes: diagnostic
                    .fix
                    .iter()
                    .map(|fix| Fix {
                        description: Message { text: &fix.title },
                        artifact_changes: [ArtifactChange {
                            artifact_location: artifact(&file.path),
                            replacements: fix
                                .edits
                                .iter()
                                .map(|edit| Replacement {
                                    deleted_region: file.range(edit.span).into(),
                                    inserted_content: InsertedContent {
                                        text: &edit.new_text,
                                    },
                                })
                                .collect(),
                        }],
                    })
                    .collect(),
            }
        })
        .collect();

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "tekton-lsp",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: rule_ids.iter().map(|id| Rule { id }).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn location<'a>(
    file: &CheckedFile,
    range: Range,
    id: Option<usize>,
    message: Option<&'a str>,
) -> Location<'a> {
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(&file.path),
            region: range.into(),
        },
        message: message.map(|text| Message { text }),
    }
}

fn artifact(path: &Path) -> ArtifactLocation {
    let encoded = percent_encode(&slash_path(path));
    ArtifactLocation {
        uri: if path.is_absolute() {
            format!("file://{encoded}")
        } else {
            encoded
        },
    }
}

/// Encodes what may not appear in a URI path as-is (spaces, `#`, `%`, non-ASCII, ...).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_a_path_may_hold() {
        assert_eq!(percent_encode("a b/ü#1.yaml"), "a%20b/%C3%BC%231.yaml");
    }
}
