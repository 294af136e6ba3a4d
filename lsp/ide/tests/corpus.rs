//! Every feature at sampled offsets of every catalog file, with the whole catalog as one
//! workspace (so `taskRef`s resolve across files): nothing panics, and every answer points
//! inside the text it is about.

#[path = "../../analysis/tests/catalog/mod.rs"]
mod catalog;

use tekton_analysis::{AnalysisConfig, FileRef, Span, Workspace, analyze_file};

/// Offsets to try in a text: a stride through it, each line end met on the way, and the end.
fn offsets(text: &str) -> Vec<usize> {
    let stride = text.len() / 8 + 1;
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let mut offset = at;
        while !text.is_char_boundary(offset) {
            offset += 1;
        }
        out.push(offset);
        if let Some(end) = text[offset..].find('\n') {
            out.push(offset + end);
        }
        at += stride;
    }
    out.push(text.len());
    out
}

fn assert_span(workspace: &Workspace, file: &FileRef, span: Span, what: &str) {
    let text = &workspace.get(file).expect("a file of the workspace").text;
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what}: {span:?} is not a span of {file}"
    );
}

#[test]
fn every_feature_answers_sanely_on_the_catalog() {
    let root = catalog::root();
    let config = AnalysisConfig::default();
    let mut workspace = Workspace::new();
    let mut names = Vec::new();
    for path in catalog::files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let file = FileRef::from(name.as_str());
        workspace.insert(file.clone(), analyze_file(&text, &config));
        names.push(file);
    }
    let mut answered = [0usize; 3];
    for file in &names {
        let analysis = workspace.get(file).expect("inserted");
        for offset in offsets(&analysis.text) {
            let at = format!("{file} at {offset}");
            let items = tekton_ide::completions(&workspace, file, offset);
            answered[0] += usize::from(!items.is_empty());
            for item in &items {
                assert!(!item.label.is_empty(), "{at}: an empty label");
                assert_span(&workspace, file, item.edit.span, &at);
                assert!(
                    item.edit.span.touches(offset),
                    "{at}: {item:?} edits elsewhere"
                );
            }
            if let Some(hover) = tekton_ide::hover(&workspace, file, offset) {
                answered[1] += 1;
                assert_span(&workspace, file, hover.span, &at);
                assert!(
                    hover.span.touches(offset),
                    "{at}: hover for {:?}",
                    hover.span
                );
                assert!(!hover.markdown.is_empty(), "{at}: an empty hover");
            }
            let targets = tekton_ide::definition(&workspace, file, offset);
            answered[2] += usize::from(!targets.is_empty());
            for target in targets {
                assert_span(&workspace, &target.file, target.span, &at);
            }
        }
        let analysis = workspace.get(file).expect("inserted");
        let whole = Span::new(0, analysis.text.len());
        for token in tekton_ide::semantic_tokens(analysis) {
            assert_span(&workspace, file, token.span, "a token");
        }
        for range in tekton_ide::folding_ranges(analysis) {
            assert_span(&workspace, file, range.span, "a folding range");
        }
        for hint in tekton_ide::inlay_hints(&workspace, file, whole) {
            assert!(hint.offset <= analysis.text.len(), "{file}: {hint:?}");
        }
        for link in tekton_ide::document_links(&workspace, file) {
            assert_span(&workspace, &link.target.file, link.target.span, "a link");
        }
        tekton_ide::document_symbols(analysis);
    }
    // Sanity of the sampling itself: most places offer something.
    let [completed, hovered, defined] = answered;
    assert!(
        completed > 5_000 && hovered > 3_000 && defined > 1_000,
        "{answered:?}"
    );
}
