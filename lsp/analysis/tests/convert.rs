//! The v1beta1 → v1 conversion (`api-version-v1beta1`'s fix): each document of
//! `tests/fixtures/convert/` is converted, the result is snapshotted, and the converted
//! document must pass our own check without a single finding (so it is valid v1). Then the
//! whole catalog is converted and compared with upstream's own conversion (ignored without the
//! upstream oracle: `tests/upstream-oracle/compare` runs it).

mod catalog;

use std::collections::BTreeMap;
use std::path::Path;

use tekton_analysis::{AnalysisConfig, Diagnostic, analyze_file};

const RULE: &str = "api-version-v1beta1";

/// The text with the conversions of `diagnostics` applied (each edits its own document only, so
/// they apply together).
fn apply(text: &str, diagnostics: &[&Diagnostic]) -> String {
    let mut fixed = text.to_owned();
    let mut edits: Vec<_> = diagnostics
        .iter()
        .flat_map(|d| &d.fix.as_ref().expect("a conversion").edits)
        .collect();
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
        let converted = apply(&text, &[diagnostic]);
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

/// Every v1beta1 document of the catalog that the fix converts, written as converted, beside
/// what upstream's `ConvertTo` (which the API server's conversion webhook runs) makes of the
/// original: the two specs must be equal, compared by the oracle after both are decoded into
/// upstream's v1 types (so durations and quantities compare by value).
#[test]
#[ignore = "needs the upstream oracle: tests/upstream-oracle/compare"]
fn the_catalog_converts_as_upstream_converts_it() {
    let oracle = std::env::var_os("UPSTREAM_ORACLE")
        .expect("UPSTREAM_ORACLE is not set: run tests/upstream-oracle/compare");
    let config = AnalysisConfig::default();
    let root = catalog::root();
    let out = std::env::temp_dir().join(format!("tekton-convert-{}", std::process::id()));
    let converted_dir = out.join("converted");
    let mut converted = 0;
    for path in catalog::files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let analysis = analyze_file(&text, &config);
        let fixes: Vec<&Diagnostic> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == RULE && d.fix.is_some())
            .collect();
        if fixes.is_empty() {
            continue;
        }
        let fixed = apply(&text, &fixes);
        let target = converted_dir.join(path.strip_prefix(&root).expect("under the catalog"));
        std::fs::create_dir_all(target.parent().expect("a folder")).expect("writable temp");
        std::fs::write(&target, fixed).expect("writable temp");
        converted += fixes.len();
    }
    let results = out.join("conversions.jsonl");
    let status = std::process::Command::new(&oracle)
        .arg("convert")
        .arg("-originals")
        .arg(&root)
        .arg("-converted")
        .arg(&converted_dir)
        .arg("-o")
        .arg(&results)
        .status()
        .expect("the oracle runs");
    assert!(status.success(), "upstream-oracle convert failed: {status}");
    let lines = std::fs::read_to_string(&results).expect("the oracle's results");
    std::fs::remove_dir_all(&out).ok();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for line in lines.lines() {
        let result: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let kind = result["result"].as_str().unwrap_or_default().to_owned();
        if kind == "different" || kind == "ours-invalid" {
            wrong.push(line.to_owned());
        }
        *counts.entry(kind).or_default() += 1;
    }
    eprintln!("{converted} documents converted; upstream beside ours: {counts:?}");
    assert!(
        wrong.is_empty(),
        "{} conversions differ from upstream's:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    let same = counts.get("same").copied().unwrap_or_default();
    // The rest are documents upstream would not have stored (they fail its strict decoding).
    assert!(
        same * 10 >= converted * 9,
        "only {same} of {converted} conversions compared: {counts:?}"
    );
}
