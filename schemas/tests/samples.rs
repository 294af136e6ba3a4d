//! Hand-written samples: the valid ones decode and pass the schema; each invalid one fails both,
//! with a schema error at the JSON pointer its `# expect-error-at:` line names.
//! `tests/schema-consumers/` runs the same files through Python `jsonschema`.

mod common;

use std::path::{Path, PathBuf};

use common::{Validators, decode_typed, type_of};

fn samples(kind: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/samples")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no samples in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable sample");
            (path, text)
        })
        .collect()
}

fn as_json(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).expect("sample is well-formed YAML")
}

#[test]
fn valid_samples_decode_and_validate() {
    let mut validators = Validators::default();
    for (path, text) in samples("valid") {
        let (api_version, kind) = type_of(&text);
        let value = as_json(&text);
        let reserialized = match decode_typed(&text, &api_version, &kind) {
            Some(decoded) => decoded.unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            None => continue, // not a Tekton kind: nothing to check here
        };
        // The document as written, and as the model writes it back.
        for doc in [&value, &reserialized] {
            let errors = validators
                .errors(&api_version, &kind, doc)
                .expect("covered kind");
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
    }
}

#[test]
fn invalid_samples_fail_at_the_expected_path() {
    let mut validators = Validators::default();
    let mut report = String::new();
    for (path, text) in samples("invalid") {
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect-error-at:"))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{}: no `# expect-error-at:` line", path.display()));
        let (api_version, kind) = type_of(&text);
        let decoded = decode_typed(&text, &api_version, &kind).expect("a Tekton kind");
        assert!(
            decoded.is_err(),
            "{}: typed decoding accepted it",
            path.display()
        );
        let errors = validators
            .errors(&api_version, &kind, &as_json(&text))
            .expect("covered kind");
        assert!(
            errors.iter().any(|(at, _)| at == expected),
            "{}: expected an error at {expected}, got {errors:?}",
            path.display()
        );
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        report.push_str(&format!("{}\n", name.unwrap_or_default()));
        for (at, message) in errors {
            report.push_str(&format!("  {at}: {message}\n"));
        }
    }
    // The messages the linter and LSP will show for these mistakes.
    insta::assert_snapshot!("invalid_sample_errors", report);
}
