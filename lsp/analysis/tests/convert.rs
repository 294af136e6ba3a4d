//! The v1beta1 → v1 conversion (`api-version-v1beta1`'s fix): each document of
//! `tests/fixtures/convert/` is converted, the result is snapshotted, and the converted
//! document must pass our own check without a single finding (so it is valid v1).

use std::path::Path;

use tekton_analysis::{AnalysisConfig, Diagnostic, analyze_file};

const RULE: &str = "api-version-v1beta1";

fn apply(text: &str, diagnostic: &Diagnostic) -> String {
    let mut fixed = text.to_owned();
    let mut edits = diagnostic.fix.as_ref().expect("a conversion").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for edit in edits {
        fixed.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    fixed
}

#[test]
fn v1beta1_documents_convert_to_valid_v1() {
    let config = AnalysisConfig::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convert");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/convert")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).expect("fixture");
        let analysis = analyze_file(&text, &config);
        let diagnostic = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule == RULE)
            .unwrap_or_else(|| panic!("{name}: {:#?}", analysis.diagnostics));
        let converted = apply(&text, diagnostic);
        let after = analyze_file(&converted, &config);
        assert!(
            after.diagnostics.is_empty(),
            "{name}:\n{converted}\n{:#?}",
            after.diagnostics
        );
        insta::assert_snapshot!(name.as_str(), converted);
    }
}

#[test]
fn what_v1_cannot_express_blocks_the_conversion_and_says_why() {
    let config = AnalysisConfig::default();
    for (text, why) in [
        (
            "apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata:\n  name: t\nspec:\n  \
             resources:\n    inputs:\n      - name: repo\n        type: git\n  steps:\n    \
             - image: alpine:3.20\n      script: ls\n",
            "PipelineResources (`resources`, line 6) have no v1 form",
        ),
        (
            "apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata:\n  name: t\nspec:\n  \
             steps:\n    - image: alpine:3.20\n      ports:\n        - containerPort: 80\n      \
             script: ls\n",
            "v1 steps have no `ports` (line 8)",
        ),
    ] {
        let analysis = analyze_file(text, &config);
        let diagnostic = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule == RULE)
            .expect("reported");
        assert!(diagnostic.fix.is_none(), "{diagnostic:#?}");
        assert!(diagnostic.message.contains(why), "{}", diagnostic.message);
    }
}
