//! Hand-written samples: the valid ones decode and pass the schemas; each invalid one is
//! rejected, with a schema error at the JSON pointer its `# expect-error-at:` line names.
//! Both the per-kind schema (what the analysis engine uses) and the entry schema (what an
//! editor uses) are checked. `tests/schema-consumers/` runs the same files through Python
//! `jsonschema`.

mod common;

use std::path::{Path, PathBuf};

use common::{Validators, decode_typed, entry_errors, entry_validator, type_of};

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
    let entry = entry_validator();
    for (path, text) in samples("valid") {
        let (api_version, kind) = type_of(&text);
        let value = as_json(&text);
        let errors = entry_errors(&entry, &value);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let reserialized = match decode_typed(&text, &api_version, &kind) {
            Some(decoded) => decoded.unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            None => continue, // not a Tekton kind: the entry schema leaves it alone
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
    let entry = entry_validator();
    let mut report = String::new();
    for (path, text) in samples("invalid") {
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect-error-at:"))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{}: no `# expect-error-at:` line", path.display()));
        let (api_version, kind) = type_of(&text);
        let value = as_json(&text);
        let errors = entry_errors(&entry, &value);
        assert!(
            errors.iter().any(|(at, _)| at == expected),
            "{}: expected an entry-schema error at {expected}, got {errors:?}",
            path.display()
        );
        // A kind the model covers must also fail typed decoding and its own schema; an
        // unserved version has neither.
        if let Some(decoded) = decode_typed(&text, &api_version, &kind) {
            assert!(
                decoded.is_err(),
                "{}: typed decoding accepted it",
                path.display()
            );
            let own = validators
                .errors(&api_version, &kind, &value)
                .expect("covered kind");
            assert!(
                own.iter().any(|(at, _)| at == expected),
                "{}: expected a per-kind schema error at {expected}, got {own:?}",
                path.display()
            );
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        report.push_str(&format!("{}\n", name.unwrap_or_default()));
        for (at, message) in errors {
            report.push_str(&format!("  {at}: {message}\n"));
        }
    }
    // The messages an editor or the linter shows for these mistakes.
    insta::assert_snapshot!("invalid_sample_errors", report);
}
