//! Schema diagnostics: validate a document's JSON value against its kind's JSON Schema and put
//! each problem on the exact text it is about.
//!
//! The validator reports instance paths (`/spec/tasks/0/retries`); [`SyntaxTree::locate`] walks
//! the same path through the span tree. An unknown key underlines the key, a wrong type the
//! value, a missing required field the key of the object that lacks it. `oneOf`/`anyOf`
//! failures are reduced to the branch the value was evidently meant for (or to one "expected
//! one of these types" message), never "matches none/several of the schemas".
//!
//! Validators are compiled once per kind, on first use, and shared by every thread.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;

use crate::document::{TektonKind, TektonVersion};
use crate::rules::{
    DEPRECATED_FIELD, FIELD_NAME_CASE, FIELD_TYPE_MISMATCH, MISSING_REQUIRED_FIELD, UNKNOWN_FIELD,
};
use crate::schema_walk::{self, expand, property_names};
use crate::syntax::{NodeId, NodeKind, PathSegment, ScalarStyle, SyntaxTree};
use crate::{Diagnostic, Fix, Span, TextEdit};

/// JSON Schemas by `apiVersion` + `kind`, each compiled on first use.
pub struct SchemaSet {
    kinds: Vec<KindSchema>,
}

struct KindSchema {
    api_version: String,
    kind: String,
    schema: Cow<'static, Value>,
    validator: OnceLock<Option<Validator>>,
    /// Where properties marked `deprecated` can be found (v1beta1's schemas have some).
    deprecated: OnceLock<Option<DeprecatedReach>>,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.kinds.iter().map(|k| (&k.api_version, &k.kind)))
            .finish()
    }
}

impl SchemaSet {
    /// A set from `(apiVersion, kind, schema)` triples. Schemas are draft-07 (or declare their
    /// draft with `$schema`) and self-contained.
    pub fn new<I>(schemas: I) -> Self
    where
        I: IntoIterator<Item = (String, String, Cow<'static, Value>)>,
    {
        SchemaSet {
            kinds: schemas
                .into_iter()
                .map(|(api_version, kind, schema)| KindSchema {
                    api_version,
                    kind,
                    schema,
                    validator: OnceLock::new(),
                    deprecated: OnceLock::new(),
                })
                .collect(),
        }
    }

    /// The schemas generated from the Tekton model (`tekton-model`).
    pub fn tekton() -> &'static SchemaSet {
        static TEKTON: LazyLock<SchemaSet> = LazyLock::new(|| {
            SchemaSet::new(tekton_model::schema::KINDS.iter().filter_map(|k| {
                let schema = tekton_model::schema::for_kind(k.api_version, k.kind)?;
                Some((
                    k.api_version.to_owned(),
                    k.kind.to_owned(),
                    Cow::Borrowed(schema),
                ))
            }))
        });
        &TEKTON
    }

    /// The schema of a kind (the editor features walk it with [`crate::schema_walk`]).
    pub fn schema(&self, version: TektonVersion, kind: TektonKind) -> Option<&Value> {
        self.entry(version, kind).map(|entry| &*entry.schema)
    }

    fn entry(&self, version: TektonVersion, kind: TektonKind) -> Option<&KindSchema> {
        self.kinds
            .iter()
            .find(|k| k.api_version == version.api_version() && k.kind == kind.as_str())
    }

    fn get(&self, version: TektonVersion, kind: TektonKind) -> Option<(&Value, &Validator)> {
        let entry = self.entry(version, kind)?;
        let validator = entry
            .validator
            .get_or_init(|| {
                // A schema that does not compile is a defect of the generated files, caught by
                // tests; at run time the kind is then checked without a schema.
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft7)
                    .build(&entry.schema)
                    .ok()
            })
            .as_ref()?;
        Some((&entry.schema, validator))
    }
}

/// Validates `value` (the JSON form of the document rooted at `root`) and returns one
/// diagnostic per problem.
pub fn check(
    schemas: &SchemaSet,
    version: TektonVersion,
    kind: TektonKind,
    tree: &SyntaxTree,
    root: NodeId,
    value: &Value,
) -> Vec<Diagnostic> {
    let Some((schema, validator)) = schemas.get(version, kind) else {
        return Vec::new();
    };
    // The common case, a valid document, costs one pass without building errors.
    if validator.is_valid(value) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for error in validator.iter_errors(value) {
        flatten(&error, &mut problems);
    }
    let mapper = Mapper {
        tree,
        root,
        schema,
        version,
        kind,
    };
    let mut seen = HashSet::new();
    let mut diagnostics: Vec<Diagnostic> = problems
        .iter()
        .filter_map(|problem| mapper.diagnostic(problem))
        .filter(|d| seen.insert((d.rule, d.span, d.message.clone())))
        .collect();
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics
}

/// Drops value diagnostics of the schema (`field-type-mismatch`) that a more specific rule
/// reports at the same span (a bad `onError` value is both outside the schema's enumeration and
/// `pipeline-task-onerror-invalid`): one problem, one diagnostic, and the specific one explains
/// more. Key-level schema diagnostics stay: a rule on the same key is another problem. Run it
/// after rule levels are applied, so the generic diagnostic stays when the specific rule is off.
pub fn drop_superseded(diagnostics: &mut Vec<Diagnostic>) {
    let specific: HashSet<Span> = diagnostics
        .iter()
        .filter(|d| !is_schema_rule(d.rule) && d.rule != crate::rules::YAML_SYNTAX)
        .map(|d| d.span)
        .collect();
    if specific.is_empty() {
        return;
    }
    diagnostics.retain(|d| !(d.rule == FIELD_TYPE_MISMATCH && specific.contains(&d.span)));
}

fn is_schema_rule(rule: &str) -> bool {
    [
        UNKNOWN_FIELD,
        FIELD_NAME_CASE,
        FIELD_TYPE_MISMATCH,
        MISSING_REQUIRED_FIELD,
    ]
    .contains(&rule)
}

/// A validation problem reduced to what the user has to change.
#[derive(Debug)]
enum Problem {
    UnknownField {
        object: Vec<PathSegment>,
        key: String,
    },
    Missing {
        object: Vec<PathSegment>,
        field: String,
    },
    WrongType {
        path: Vec<PathSegment>,
        expected: Vec<JsonType>,
        found: &'static str,
    },
    /// A value outside an enumeration, constant or pattern.
    NotAllowed {
        path: Vec<PathSegment>,
        allowed: Vec<String>,
        found: String,
    },
    BadValue {
        path: Vec<PathSegment>,
        message: String,
    },
}

fn path_of(error: &ValidationError<'_>) -> Vec<PathSegment> {
    error
        .instance_path()
        .iter()
        .map(|segment| match segment {
            LocationSegment::Property(key) => PathSegment::Key(key.into_owned()),
            LocationSegment::Index(index) => PathSegment::Index(index),
        })
        .collect()
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn flatten(error: &ValidationError<'_>, out: &mut Vec<Problem>) {
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let object = path_of(error);
            out.extend(unexpected.iter().map(|key| Problem::UnknownField {
                object: object.clone(),
                key: key.clone(),
            }));
        }
        ValidationErrorKind::Required { property } => out.push(Problem::Missing {
            object: path_of(error),
            field: property.as_str().unwrap_or_default().to_owned(),
        }),
        ValidationErrorKind::Type { kind } => out.push(Problem::WrongType {
            path: path_of(error),
            expected: match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(set) => set.iter().collect(),
            },
            found: json_type_name(error.instance()),
        }),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            flatten_alternatives(error, context, out);
        }
        // Several branches fit: the schema is ambiguous, the document is not wrong.
        ValidationErrorKind::OneOfMultipleValid { .. } => {}
        ValidationErrorKind::Constant { .. }
        | ValidationErrorKind::Enum { .. }
        | ValidationErrorKind::Pattern { .. } => {
            if let Some((_, allowed)) = allowed_values(error) {
                out.push(Problem::NotAllowed {
                    path: path_of(error),
                    allowed,
                    found: error.instance().to_string(),
                });
            }
        }
        _ => out.push(Problem::BadValue {
            path: path_of(error),
            message: error.to_string(),
        }),
    }
}

/// A failed `oneOf`/`anyOf`: when the value has a type no branch accepts, say which types are
/// accepted; otherwise report the errors of the branch that got furthest (its errors lie
/// deepest in the value, i.e. the value's shape matched it best), fewest errors breaking ties.
fn flatten_alternatives(
    error: &ValidationError<'_>,
    branches: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Problem>,
) {
    let here = error.instance_path().as_str().len();
    let fails_here = |errors: &Vec<ValidationError<'static>>| {
        errors
            .iter()
            .all(|e| e.instance_path().as_str().len() == here && allowed_values(e).is_some())
    };
    if branches.iter().all(fails_here) {
        // The value itself fits no branch: say what would fit.
        let mut allowed = Vec::new();
        let mut types_only = true;
        for branch in branches {
            // Per branch, the most specific description: a value over a pattern over a type.
            let described = branch
                .iter()
                .filter_map(allowed_values)
                .min_by_key(|(rank, _)| *rank);
            if let Some((rank, descriptions)) = described {
                types_only &= rank == Allowed::Type;
                allowed.extend(descriptions);
            }
        }
        allowed.dedup();
        if types_only {
            let mut expected = Vec::new();
            for e in branches.iter().flatten() {
                if let ValidationErrorKind::Type { kind } = e.kind() {
                    match kind {
                        TypeKind::Single(t) => expected.push(*t),
                        TypeKind::Multiple(set) => expected.extend(set.iter()),
                    }
                }
            }
            expected.dedup();
            out.push(Problem::WrongType {
                path: path_of(error),
                expected,
                found: json_type_name(error.instance()),
            });
        } else {
            out.push(Problem::NotAllowed {
                path: path_of(error),
                allowed,
                found: error.instance().to_string(),
            });
        }
        return;
    }
    let best = branches
        .iter()
        .filter(|errors| !fails_here(errors))
        .max_by_key(|errors| {
            let depth = errors
                .iter()
                .map(|e| e.instance_path().as_str().len())
                .min()
                .unwrap_or(0);
            (depth, std::cmp::Reverse(errors.len()))
        });
    if let Some(errors) = best {
        for e in errors {
            flatten(e, out);
        }
    }
}

/// How specific a description of allowed values is (lower is more specific).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Allowed {
    Value,
    Pattern,
    Type,
}

/// What an error on a value says is allowed there, for errors that constrain the value itself.
fn allowed_values(error: &ValidationError<'_>) -> Option<(Allowed, Vec<String>)> {
    match error.kind() {
        ValidationErrorKind::Constant { expected_value } => {
            Some((Allowed::Value, vec![format!("`{}`", plain(expected_value))]))
        }
        ValidationErrorKind::Enum { options } => Some((
            Allowed::Value,
            options
                .as_array()
                .map(|values| values.iter().map(|v| format!("`{}`", plain(v))).collect())
                .unwrap_or_default(),
        )),
        ValidationErrorKind::Pattern { pattern } => Some((
            Allowed::Pattern,
            vec![format!("a string matching `{pattern}`")],
        )),
        ValidationErrorKind::Type { kind } => Some((
            Allowed::Type,
            match kind {
                TypeKind::Single(t) => vec![article(type_name(*t))],
                TypeKind::Multiple(set) => set.iter().map(|t| article(type_name(t))).collect(),
            },
        )),
        _ => None,
    }
}

/// A JSON value as a user would write it in YAML: strings without quotes.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Mapper<'a> {
    tree: &'a SyntaxTree,
    root: NodeId,
    schema: &'a Value,
    version: TektonVersion,
    kind: TektonKind,
}

impl Mapper<'_> {
    fn diagnostic(&self, problem: &Problem) -> Option<Diagnostic> {
        match problem {
            Problem::UnknownField { object, key } => {
                let mut path = object.clone();
                path.push(PathSegment::Key(key.clone()));
                let located = self.tree.locate(self.root, &path)?;
                let key_span = located.key_span.unwrap_or(located.value_span);
                let allowed = property_names(self.schema, object);
                let same_letters = allowed.iter().find(|name| same_but_case(name, key));
                if let Some(field) = same_letters
                    && preserves_unknown_fields(self.version, self.kind, object)
                {
                    let message = format!(
                        "`{key}` is read as `{field}` (Tekton matches field names \
                         case-insensitively inside {}); write it `{field}`",
                        describe(object)
                    );
                    let diagnostic = Diagnostic::new(FIELD_NAME_CASE, key_span, message);
                    return Some(match self.rename_fix(&path, key_span, field) {
                        Some(fix) => diagnostic.with_fix(fix),
                        None => diagnostic,
                    });
                }
                let suggestion = same_letters
                    .map(String::as_str)
                    .or_else(|| closest(key, allowed.iter().map(String::as_str)));
                let Some(suggestion) = suggestion else {
                    let message = format!("unknown field `{key}`");
                    return Some(Diagnostic::new(UNKNOWN_FIELD, key_span, message));
                };
                let mut message = format!("unknown field `{key}`; did you mean `{suggestion}`?");
                if same_letters.is_some() {
                    // The API server's structural schema checks names exactly here.
                    message.push_str(" (field names are case-sensitive here)");
                }
                let diagnostic = Diagnostic::new(UNKNOWN_FIELD, key_span, message);
                Some(match self.rename_fix(&path, key_span, suggestion) {
                    Some(fix) => diagnostic.with_fix(fix),
                    None => diagnostic,
                })
            }
            Problem::Missing { object, field } => {
                let located = self.tree.locate(self.root, object)?;
                let node = located
                    .node
                    .map(|n| self.tree.node(self.tree.resolve_alias(n)));
                // A syntax error inside the object may have swallowed the field.
                if node.is_some_and(|n| n.has_error) {
                    return None;
                }
                // The field is there in other letter case: that key's diagnostic says it all.
                if let Some(NodeKind::Mapping(entries)) = node.map(|n| &n.kind)
                    && entries.iter().any(|e| {
                        e.key
                            .and_then(|k| self.tree.str_value(k))
                            .is_some_and(|k| same_but_case(k, field))
                    })
                {
                    return None;
                }
                let span = match located.key_span {
                    Some(key) => key,
                    // A list item or the document root: its first key.
                    None => node
                        .and_then(|n| match &n.kind {
                            NodeKind::Mapping(entries) => entries.first().and_then(|e| e.key),
                            _ => None,
                        })
                        .map(|key| self.tree.node(key).span)
                        .unwrap_or(located.value_span),
                };
                let owner = describe(object);
                Some(Diagnostic::new(
                    MISSING_REQUIRED_FIELD,
                    span,
                    format!("missing required field `{field}` in {owner}"),
                ))
            }
            Problem::WrongType {
                path,
                expected,
                found,
            } => {
                // Kubernetes drops null fields before validating, so a null is never "wrong".
                if *found == "null" {
                    return None;
                }
                let located = self.tree.locate(self.root, path)?;
                let expected = type_list(expected);
                Some(Diagnostic::new(
                    FIELD_TYPE_MISMATCH,
                    located.value_span,
                    format!(
                        "{} must be {expected}, not {}",
                        describe(path),
                        article(found)
                    ),
                ))
            }
            Problem::NotAllowed {
                path,
                allowed,
                found,
            } => {
                let located = self.tree.locate(self.root, path)?;
                let found: String = found.chars().take(60).collect();
                Some(Diagnostic::new(
                    FIELD_TYPE_MISMATCH,
                    located.value_span,
                    format!(
                        "{} must be {}, not {found}",
                        describe(path),
                        or_list(allowed)
                    ),
                ))
            }
            Problem::BadValue { path, message } => {
                let located = self.tree.locate(self.root, path)?;
                Some(Diagnostic::new(
                    FIELD_TYPE_MISMATCH,
                    located.value_span,
                    format!("invalid value for {}: {message}", describe(path)),
                ))
            }
        }
    }

    /// Renames the key at `path` (keeping its quotes, if any).
    fn rename_fix(&self, path: &[PathSegment], key_span: Span, to: &str) -> Option<Fix> {
        let (last, object) = path.split_last()?;
        let PathSegment::Key(key) = last else {
            return None;
        };
        let entry = self
            .tree
            .entry(self.tree.locate(self.root, object)?.node?, key)?;
        let style = self.tree.scalar(entry.key?)?.style;
        let new_text = match style {
            ScalarStyle::SingleQuoted => format!("'{to}'"),
            ScalarStyle::DoubleQuoted => format!("\"{to}\""),
            _ => to.to_owned(),
        };
        Some(Fix {
            title: format!("Rename to `{to}`"),
            edits: vec![TextEdit {
                span: key_span,
                new_text,
            }],
        })
    }
}

/// `spec.tasks[0].retries`-style name of a path, for messages.
fn describe(path: &[PathSegment]) -> String {
    if path.is_empty() {
        return "the document".to_owned();
    }
    let mut out = String::from("`");
    for (i, segment) in path.iter().enumerate() {
        match segment {
            PathSegment::Key(key) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSegment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out.push('`');
    out
}

fn article(type_name: &str) -> String {
    match type_name {
        "array" | "object" | "integer" => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "boolean",
        JsonType::Integer => "integer",
        JsonType::Number => "number",
        JsonType::String => "string",
        JsonType::Array => "array",
        JsonType::Object => "object",
    }
}

fn type_list(types: &[JsonType]) -> String {
    let mut names: Vec<String> = Vec::new();
    for &t in types {
        // `integer` is implied by `number`.
        let implied = t == JsonType::Integer && types.contains(&JsonType::Number);
        let name = article(type_name(t));
        if !implied && !names.contains(&name) {
            names.push(name);
        }
    }
    or_list(&names)
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => "another value".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo: same letters
/// in another case, or an edit distance of at most a third of the word (at least 1).
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != word)
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

/// Whether two names differ in letter case only, as Go's `encoding/json` folds them when it
/// matches a key to a field.
fn same_but_case(a: &str, b: &str) -> bool {
    a != b && a.to_lowercase() == b.to_lowercase()
}

/// Whether Tekton's CRDs (v1.15, `config/300-crds`) mark the object at `path` (or a parent) with
/// `x-kubernetes-preserve-unknown-fields`. The API server stores such subtrees as written; it
/// checks field names, exactly, only in the rest of the schema.
///
/// Finding, on the local cluster (kube-apiserver 1.36, Tekton 1.15's CRDs): `kubectl apply`
/// (strict field validation, kubectl's default) rejects `subpath` in a Pipeline's
/// `tasks[].workspaces[]` and `mountpath` in a Task's `steps[].volumeMounts[]` (`strict decoding
/// error: unknown field`); with `--validate=warn` the API server drops the key with a warning.
/// Inside a pipeline task's `taskSpec` the key is stored as written. On a full install, Tekton's
/// defaulting webhook then decodes it with Go's `encoding/json` (case-insensitive field match)
/// and its round-trip patch (knative.dev/pkg `roundTripPatch`) rewrites it to `mountPath`.
/// (Without the webhook, as on the test cluster, the controller's case-sensitive decoder drops
/// it and the pod cannot be created: `mountPath: Required value`.)
fn preserves_unknown_fields(
    version: TektonVersion,
    kind: TektonKind,
    path: &[PathSegment],
) -> bool {
    const ANY: &str = "[]";
    const POD_TEMPLATE: [&str; 3] = ["affinity", "securityContext", "volumes"];
    let prefixes: Vec<Vec<&str>> = match (kind, version) {
        (TektonKind::Task, _) => vec![vec!["spec", "volumes"]],
        (TektonKind::Pipeline, _) => ["tasks", "finally"]
            .iter()
            .flat_map(|list| ["taskSpec", "pipelineSpec"].map(|spec| vec!["spec", list, ANY, spec]))
            .collect(),
        (TektonKind::TaskRun, _) => {
            let mut out = vec![
                vec!["spec", "taskSpec"],
                vec!["spec", "workspaces", ANY, "volumeClaimTemplate"],
            ];
            out.extend(POD_TEMPLATE.map(|f| vec!["spec", "podTemplate", f]));
            out
        }
        (TektonKind::PipelineRun, version) => {
            let mut out = vec![
                vec!["spec", "pipelineSpec"],
                vec!["spec", "workspaces", ANY, "volumeClaimTemplate"],
            ];
            let templates: [&[&str]; 2] = match version {
                TektonVersion::V1 => [
                    &["spec", "taskRunTemplate", "podTemplate"],
                    &["spec", "taskRunSpecs", ANY, "podTemplate"],
                ],
                _ => [
                    &["spec", "podTemplate"],
                    &["spec", "taskRunSpecs", ANY, "taskPodTemplate"],
                ],
            };
            for template in templates {
                out.extend(POD_TEMPLATE.map(|f| [template, &[f]].concat()));
            }
            out
        }
        (TektonKind::StepAction, _) => Vec::new(),
    };
    prefixes.iter().any(|prefix| {
        prefix.len() <= path.len()
            && prefix.iter().zip(path).all(|(want, got)| match got {
                PathSegment::Key(key) => want == key,
                PathSegment::Index(_) => *want == ANY,
            })
    })
}

/// `deprecated-field`: every key the kind's schema marks `deprecated`, except the removed
/// v1beta1 fields that upstream rejects and other rules report (`resources`, `bundle`).
pub fn deprecated_fields(
    schemas: &SchemaSet,
    version: TektonVersion,
    kind: TektonKind,
    (tree, text): (&SyntaxTree, &str),
    root: NodeId,
    value: &Value,
) -> Vec<Diagnostic> {
    let Some(entry) = schemas.entry(version, kind) else {
        return Vec::new();
    };
    let schema: &Value = &entry.schema;
    let Some(reach) = entry.deprecated.get_or_init(|| DeprecatedReach::of(schema)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut at = Vec::new();
    expand(schema, schema, &mut at);
    let walk = DeprecatedWalk {
        root: schema,
        reach,
    };
    walk.find(&at, value, &mut Vec::new(), &mut found);
    let mut out = Vec::new();
    for (path, description) in found {
        let Some(PathSegment::Key(key)) = path.last() else {
            continue;
        };
        if matches!(key.as_str(), "resources" | "bundle") {
            continue;
        }
        let Some(located) = tree.locate(root, &path) else {
            continue;
        };
        let span = located.key_span.unwrap_or(located.value_span);
        let message = format!(
            "`{key}` is deprecated in {}: {}",
            version.api_version(),
            deprecation_reason(key, &description)
        );
        let diagnostic = Diagnostic::new(DEPRECATED_FIELD, span, message);
        out.push(match timeout_fix((tree, text), root, &path, span) {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
    out
}

fn deprecation_reason(key: &str, description: &str) -> String {
    if key == "timeout" {
        return "use `timeouts.pipeline` (Tekton converts it so)".to_owned();
    }
    let what = description.trim_end_matches('.');
    format!(
        "{what}. `tekton.dev/v1` has no such field, and Tekton builds pods from the v1 form, so \
         it has no effect"
    )
}

/// A v1beta1 PipelineRun's `timeout: X` becomes `timeouts: {pipeline: X}` in block style, when
/// the run has no `timeouts` yet and the value is a one-line scalar.
fn timeout_fix(
    (tree, text): (&SyntaxTree, &str),
    root: NodeId,
    path: &[PathSegment],
    key: Span,
) -> Option<Fix> {
    let [PathSegment::Key(spec), PathSegment::Key(field)] = path else {
        return None;
    };
    if spec != "spec" || field != "timeout" {
        return None;
    }
    let spec = tree.locate(root, &path[..1])?.node?;
    if tree.entry(spec, "timeouts").is_some() {
        return None;
    }
    let entry = tree.entry(spec, "timeout")?;
    let value = tree.node(entry.value?);
    if !matches!(value.kind, NodeKind::Scalar(_)) || value.span.start < key.end {
        return None;
    }
    let source = tree.scalar(entry.value?)?;
    if source.value.contains('\n') {
        return None;
    }
    let line_start = text.get(..key.start)?.rfind('\n').map_or(0, |at| at + 1);
    let indent = text.get(line_start..key.start)?;
    if !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    Some(Fix {
        title: "Use `timeouts.pipeline`".to_owned(),
        edits: vec![TextEdit {
            span: Span::new(key.start, value.span.end),
            new_text: format!(
                "timeouts:\n{}  pipeline: {}",
                indent,
                text.get(value.span.start..value.span.end)?
            ),
        }],
    })
}

/// Whether any property anywhere in the schema is marked `deprecated`.
fn marks_deprecated(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => {
            map.get("deprecated") == Some(&Value::Bool(true)) || map.values().any(marks_deprecated)
        }
        Value::Array(items) => items.iter().any(marks_deprecated),
        _ => false,
    }
}

/// Which schemas can lead to a property marked `deprecated`, so that the search for deprecated
/// keys skips what cannot hold one (params, env lists, metadata: most of a document).
struct DeprecatedReach {
    /// Names of `#/definitions/...` from which no deprecated property can be reached.
    clean: HashSet<String>,
}

impl DeprecatedReach {
    /// `None` when the schema marks nothing deprecated.
    fn of(root: &Value) -> Option<Self> {
        if !marks_deprecated(root) {
            return None;
        }
        let definitions = root.get("definitions").and_then(Value::as_object);
        let defined = |name: &str| definitions.is_some_and(|d| d.contains_key(name));
        // The least fixpoint: a definition reaches one when its schema does, given those found
        // so far; a reference to anything else counts as reaching (nothing is skipped on doubt).
        let mut reaching: HashSet<&str> = HashSet::new();
        loop {
            let found: Vec<&str> = definitions
                .into_iter()
                .flatten()
                .filter(|(name, body)| {
                    !reaching.contains(name.as_str())
                        && reaches(body, &|r| {
                            definition_name(r).is_none_or(|n| !defined(n) || reaching.contains(n))
                        })
                })
                .map(|(name, _)| name.as_str())
                .collect();
            if found.is_empty() {
                break;
            }
            reaching.extend(found);
        }
        let clean = definitions
            .into_iter()
            .flatten()
            .map(|(name, _)| name)
            .filter(|name| !reaching.contains(name.as_str()))
            .cloned()
            .collect();
        Some(DeprecatedReach { clean })
    }

    fn reaches(&self, schema: &Value) -> bool {
        reaches(schema, &|r| {
            definition_name(r).is_none_or(|name| !self.clean.contains(name))
        })
    }
}

fn definition_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/definitions/")
}

/// Whether `schema` marks a property `deprecated`, inline or through a `$ref` for which
/// `ref_reaches` says so.
fn reaches(schema: &Value, ref_reaches: &dyn Fn(&str) -> bool) -> bool {
    match schema {
        Value::Object(map) => {
            let marked = map
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|properties| {
                    properties
                        .values()
                        .any(|p| p.get("deprecated") == Some(&Value::Bool(true)))
                });
            let referenced = map
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(ref_reaches);
            marked || referenced || map.values().any(|v| reaches(v, ref_reaches))
        }
        Value::Array(items) => items.iter().any(|v| reaches(v, ref_reaches)),
        _ => false,
    }
}

/// The search for deprecated keys in one document.
struct DeprecatedWalk<'a> {
    root: &'a Value,
    reach: &'a DeprecatedReach,
}

impl<'a> DeprecatedWalk<'a> {
    /// Walks `value` with the schemas that apply at each place, collecting the paths of keys
    /// whose property is marked `deprecated`, with the property's description.
    fn find(
        &self,
        schemas: &[&'a Value],
        value: &Value,
        path: &mut Vec<PathSegment>,
        out: &mut Vec<(Vec<PathSegment>, String)>,
    ) {
        let children: Box<dyn Iterator<Item = (PathSegment, &Value)>> = match value {
            Value::Object(map) => Box::new(
                map.iter()
                    .map(|(key, child)| (PathSegment::Key(key.clone()), child)),
            ),
            Value::Array(items) => Box::new(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| (PathSegment::Index(index), item)),
            ),
            _ => return,
        };
        for (segment, child) in children {
            if let PathSegment::Key(key) = &segment {
                let deprecated = schemas
                    .iter()
                    .filter_map(|schema| schema.get("properties")?.get(key))
                    .find(|property| property.get("deprecated") == Some(&Value::Bool(true)));
                if let Some(property) = deprecated {
                    let mut at = path.clone();
                    at.push(segment.clone());
                    let description = property
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    out.push((at, description.to_owned()));
                }
            }
            // Keys are only found inside objects and arrays, and only where the schemas lead
            // to a deprecated property.
            if !(child.is_object() || child.is_array()) {
                continue;
            }
            // What a schema expands to is reached through it, so its own reach decides.
            let direct = schema_walk::direct_child(schemas, &segment);
            if direct.iter().any(|schema| self.reach.reaches(schema)) {
                let mut next = Vec::new();
                for schema in direct {
                    expand(self.root, schema, &mut next);
                }
                path.push(segment);
                self.find(&next, child, path, out);
                path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_rules_supersede_value_diagnostics_at_the_same_span() {
        let at = Span::new(3, 8);
        let mut diagnostics = vec![
            Diagnostic::new(FIELD_TYPE_MISMATCH, at, "schema"),
            Diagnostic::new(MISSING_REQUIRED_FIELD, at, "schema, key level"),
            Diagnostic::new("pipeline-task-onerror-invalid", at, "specific"),
            Diagnostic::new(FIELD_TYPE_MISMATCH, Span::new(9, 10), "elsewhere"),
        ];
        drop_superseded(&mut diagnostics);
        let kept: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(kept, ["schema, key level", "specific", "elsewhere"]);
    }

    #[test]
    fn suggestions() {
        let names = ["runAfter", "retries", "taskRef", "params", "name"];
        assert_eq!(closest("runafter", names.into_iter()), Some("runAfter"));
        assert_eq!(closest("retires", names.into_iter()), Some("retries"));
        assert_eq!(closest("parms", names.into_iter()), Some("params"));
        assert_eq!(closest("zzz", names.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
