//! Field names match upstream: every object that Tekton v1.15.0's CRD schemas type has exactly
//! the same properties in our schema at the same path (Tekton and embedded Kubernetes types
//! alike). The fixture `upstream/crd-fields.json` is extracted from the CRDs by
//! `upstream/extract-crd-fields.py`; rerun it for a new Tekton release.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use tekton_model::schema;

/// Follows `$ref`s (to this schema's own definitions) and single-element `allOf` wrappers.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    loop {
        if let Some(target) = node.get("$ref").and_then(Value::as_str) {
            let name = target.trim_start_matches("#/definitions/");
            node = &root["definitions"][name];
        } else if let Some([only]) = node
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            node = only;
        } else {
            return node;
        }
    }
}

/// The node at a CRD-style path such as `spec.steps[].env`.
fn at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = resolve(root, root);
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (name, arrays) = match segment.find("[]") {
            Some(i) => (&segment[..i], segment[i..].matches("[]").count()),
            None => (segment, 0),
        };
        node = resolve(root, node.get("properties")?.get(name)?);
        for _ in 0..arrays {
            node = resolve(root, node.get("items")?);
        }
    }
    Some(node)
}

#[test]
fn properties_match_upstream_crds() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/upstream/crd-fields.json");
    let text = std::fs::read_to_string(&fixture).expect("fixture is readable");
    let upstream: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_str(&text).expect("fixture is JSON");
    let mut differences = Vec::new();
    for (key, objects) in &upstream {
        let (api_version, kind) = key.split_once(' ').expect("`apiVersion Kind` keys");
        let ours = schema::for_kind(api_version, kind)
            .unwrap_or_else(|| panic!("upstream serves {key}; the model must cover it"));
        for (path, names) in objects {
            let Some(node) = at(ours, path) else {
                differences.push(format!("{key} {path}: missing in our schema"));
                continue;
            };
            let mut ours: Vec<&str> = node
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            ours.sort_unstable();
            if ours != *names {
                differences.push(format!("{key} {path}: upstream {names:?}, ours {ours:?}"));
            }
        }
    }
    assert!(differences.is_empty(), "{differences:#?}");
}
