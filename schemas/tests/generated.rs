//! The committed schema files are exactly what the generator produces from the model.

use std::collections::BTreeSet;
use std::path::Path;

use tekton_model::schema::{self, REGENERATE};

fn committed_files(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("schemas/json is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            committed_files(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let rel = path.strip_prefix(base).expect("under json/");
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn committed_schemas_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("json");
    let generated = schema::generate();
    for (file, value) in &generated {
        let committed = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            committed == schema::to_file_text(value),
            "schemas/json/{file} is stale; regenerate with `{REGENERATE}`"
        );
    }
    let mut on_disk = BTreeSet::new();
    committed_files(&root, &root, &mut on_disk);
    let expected: BTreeSet<String> = generated.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(
        on_disk, expected,
        "stray or missing files in schemas/json; run `{REGENERATE}`"
    );
}

#[test]
fn api_serves_committed_schemas() {
    for kind in &schema::KINDS {
        let value = schema::for_kind(kind.api_version, kind.kind).expect("every listed kind");
        assert_eq!(value["properties"]["kind"]["const"], kind.kind);
        jsonschema::validator_for(value)
            .expect("self-contained schema compiles without a retriever");
    }
    assert!(schema::for_kind("tekton.dev/v1alpha1", "Task").is_none());
    // One branch per kind and version, plus one per kind naming its served versions.
    assert_eq!(
        schema::entry()["allOf"].as_array().map(Vec::len),
        Some(schema::KINDS.len() + 5)
    );
}

/// Every Tekton definition and property carries a description: they are the editor's hover
/// text. Kubernetes definitions come with k8s-openapi's own.
#[test]
fn tekton_definitions_are_described() {
    let mut missing = Vec::new();
    for kind in &schema::KINDS {
        let value = schema::for_kind(kind.api_version, kind.kind).expect("every listed kind");
        let definitions = value["definitions"].as_object().expect("definitions");
        let root = "<root>".to_owned();
        let tekton = definitions
            .iter()
            .filter(|(name, _)| !name.starts_with("io.k8s."));
        for (name, definition) in tekton.chain([(&root, value)]) {
            if definition.get("description").is_none() {
                missing.push(format!("{}: {name}", kind.file));
            }
            let properties = definition.get("properties").and_then(|p| p.as_object());
            for (property, schema) in properties.into_iter().flatten() {
                if schema.get("description").is_none() {
                    missing.push(format!("{}: {name}.{property}", kind.file));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}
