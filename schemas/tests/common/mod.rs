//! Helpers shared by the schema tests: splitting YAML streams into documents, typed decoding by
//! `apiVersion` + `kind`, and schema validation with the `jsonschema` crate.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;

use jsonschema::Validator;
use serde_json::Value;
use tekton_model::{schema, v1, v1alpha1, v1beta1};

/// One document of a YAML stream: its position and text.
pub struct Document<'a> {
    /// Index among the stream's non-empty documents, from 0.
    pub index: usize,
    /// The document's YAML text.
    pub text: &'a str,
}

/// Splits a YAML stream at `---` lines, skipping documents with nothing but comments. Kept
/// per-document so a template placeholder in one document does not hide the others.
pub fn documents(stream: &str) -> Vec<Document<'_>> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in stream.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t") || bare == "..." {
            starts.push(offset);
            starts.push(offset + line.len());
        }
        offset += line.len();
    }
    starts.push(stream.len());
    starts
        .chunks(2)
        .map(|pair| &stream[pair[0]..pair[1]])
        .filter(|text| {
            text.lines().any(|l| {
                let l = l.trim();
                !l.is_empty() && !l.starts_with('#') && l != "---" && l != "..."
            })
        })
        .enumerate()
        .map(|(index, text)| Document { index, text })
        .collect()
}

/// `apiVersion` and `kind` of a document, read from its top-level lines so that even a
/// document that fails to parse can be classified.
pub fn type_of(text: &str) -> (String, String) {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| {
                v.split('#')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_owned()
            })
            .unwrap_or_default()
    };
    (field("apiVersion:"), field("kind:"))
}

macro_rules! decode_as {
    ($text:expr, $api_version:expr, $kind:expr, $($ty:ty),*) => {
        match ($api_version, $kind) {
            $((a, k) if a == <$ty as tekton_model::TektonKind>::API_VERSION
                && k == <$ty as tekton_model::TektonKind>::KIND =>
            {
                Some(
                    serde_saphyr::from_str::<$ty>($text)
                        .map(|typed| serde_json::to_value(&typed).expect("the model serializes"))
                        .map_err(|e| e.to_string()),
                )
            })*
            _ => None,
        }
    };
}

/// Decodes a document into the typed model for its kind and serializes it back to JSON; `None`
/// when the model does not cover the kind.
pub fn decode_typed(text: &str, api_version: &str, kind: &str) -> Option<Result<Value, String>> {
    decode_as!(
        text,
        api_version,
        kind,
        v1::Task,
        v1::Pipeline,
        v1::TaskRun,
        v1::PipelineRun,
        v1beta1::Task,
        v1beta1::Pipeline,
        v1beta1::TaskRun,
        v1beta1::PipelineRun,
        v1beta1::StepAction,
        v1alpha1::StepAction
    )
}

/// Compiled per-kind validators, built on first use.
#[derive(Default)]
pub struct Validators(HashMap<(String, String), Validator>);

impl Validators {
    /// Schema errors of a document as `(JSON pointer, message)`; `None` when no schema covers
    /// the kind.
    pub fn errors(
        &mut self,
        api_version: &str,
        kind: &str,
        doc: &Value,
    ) -> Option<Vec<(String, String)>> {
        let key = (api_version.to_owned(), kind.to_owned());
        if !self.0.contains_key(&key) {
            let schema = schema::for_kind(api_version, kind)?;
            let validator = jsonschema::validator_for(schema).expect("committed schema compiles");
            self.0.insert(key.clone(), validator);
        }
        let validator = &self.0[&key];
        Some(
            validator
                .iter_errors(doc)
                .map(|e| (e.instance_path().to_string(), e.to_string()))
                .collect(),
        )
    }
}

/// Resolves the entry schema's relative `$ref`s to the committed per-kind schemas, as an editor
/// resolves them to the files beside `tekton.json`.
struct CommittedSchemas;

const ENTRY_DIR: &str = "/tekton-model/json/";

impl jsonschema::Retrieve for CommittedSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = uri.path().as_str();
        let file = path.strip_prefix(ENTRY_DIR).unwrap_or(path);
        schema::KINDS
            .iter()
            .find(|k| k.file == file)
            .and_then(|k| schema::for_kind(k.api_version, k.kind))
            .cloned()
            .ok_or_else(|| format!("no committed schema for {uri}").into())
    }
}

/// A validator for the entry schema (`json/tekton.json`), which picks the kind itself.
pub fn entry_validator() -> Validator {
    jsonschema::options()
        .with_base_uri(format!("file://{ENTRY_DIR}{}", schema::ENTRY_FILE))
        .with_retriever(CommittedSchemas)
        .build(schema::entry())
        .expect("entry schema compiles")
}

/// Entry-schema errors of a document as `(JSON pointer, message)`.
pub fn entry_errors(validator: &Validator, doc: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(doc)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}
