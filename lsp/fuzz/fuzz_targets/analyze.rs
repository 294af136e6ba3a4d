//! Feeds arbitrary bytes through parsing and analysis, as an editor or a pre-commit run would.
//!
//! The input is split at NUL bytes into several files, so the multi-file [`Workspace`] sees
//! them too. Besides "no panic", it checks what the renderers rely on: every span a diagnostic
//! carries (primary, related, fix edits) lies inside its file's text on character boundaries,
//! and converts to a line and column in every encoding and back.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tekton_analysis::{AnalysisConfig, Encoding, FileRef, Span, Workspace, analyze_file};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let config = AnalysisConfig::default();
    let mut workspace = Workspace::new();
    for (number, text) in input.split('\0').enumerate() {
        let analysis = analyze_file(text, &config);
        for diagnostic in &analysis.diagnostics {
            let spans = std::iter::once(diagnostic.span)
                .chain(
                    diagnostic
                        .related
                        .iter()
                        .filter(|related| related.file.is_none())
                        .map(|related| related.span),
                )
                .chain(
                    diagnostic
                        .fix
                        .iter()
                        .flat_map(|fix| fix.edits.iter().map(|edit| edit.span)),
                );
            for span in spans {
                assert_span_in(text, span, diagnostic.rule);
                for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                    for offset in [span.start, span.end] {
                        let position = analysis.line_index.position(offset, encoding);
                        assert_eq!(
                            analysis.line_index.offset(position, encoding),
                            Some(offset),
                            "{encoding:?} round trip of {offset} ({})",
                            diagnostic.rule
                        );
                    }
                }
            }
        }
        workspace.insert(FileRef::from(format!("{number}.yaml").as_str()), analysis);
    }
});

fn assert_span_in(text: &str, span: Span, rule: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{rule}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{rule}: span {span:?} splits a character"
    );
}
