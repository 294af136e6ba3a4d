//! Per-document dispatch by `apiVersion` + `kind`.
//!
//! Only Tekton kinds in the served API versions are analysed; other Kubernetes objects
//! (ConfigMaps, RBAC, ...) and YAML that is not a Kubernetes object at all are passed over
//! without a word, so a linter run over a whole repository stays quiet about them.

use crate::Span;
use crate::syntax::{NodeId, NodeKind, SyntaxTree, YamlDocument};

/// A Tekton API version this tool analyses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TektonVersion {
    V1,
    V1beta1,
    /// Only StepAction is still served as `v1alpha1`.
    V1alpha1,
}

impl TektonVersion {
    pub fn api_version(self) -> &'static str {
        match self {
            TektonVersion::V1 => "tekton.dev/v1",
            TektonVersion::V1beta1 => "tekton.dev/v1beta1",
            TektonVersion::V1alpha1 => "tekton.dev/v1alpha1",
        }
    }
}

/// A Tekton kind this tool analyses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TektonKind {
    Task,
    Pipeline,
    TaskRun,
    PipelineRun,
    StepAction,
}

impl TektonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TektonKind::Task => "Task",
            TektonKind::Pipeline => "Pipeline",
            TektonKind::TaskRun => "TaskRun",
            TektonKind::PipelineRun => "PipelineRun",
            TektonKind::StepAction => "StepAction",
        }
    }
}

/// What a document is, judged by its `apiVersion` and `kind`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// Analysed.
    Tekton {
        version: TektonVersion,
        kind: TektonKind,
    },
    /// Has `apiVersion` and `kind` but is not a kind we analyse (including Tekton kinds in
    /// versions upstream no longer serves, which issue 5's `api-version-not-served` reports).
    OtherKubernetes { api_version: String, kind: String },
    /// Empty, not a mapping, or without `apiVersion`/`kind`.
    NotKubernetes,
}

/// One document of a file, with what the passes after parsing need.
#[derive(Clone, Debug)]
pub struct Document {
    /// The whole document, from its `---` (if any) to its end.
    pub span: Span,
    pub root: Option<NodeId>,
    pub kind: DocumentKind,
    /// `metadata.name` when it is a string, for Tekton documents (the name references
    /// resolve by). Only the name is kept of the document's JSON value: the value is large,
    /// and the span tree answers everything else.
    pub name: Option<String>,
}

impl Document {
    pub fn is_tekton(&self) -> bool {
        matches!(self.kind, DocumentKind::Tekton { .. })
    }

    /// `metadata.name`, when it is a string.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// Classifies a parsed document.
pub fn classify(tree: &SyntaxTree, document: &YamlDocument) -> DocumentKind {
    let Some(root) = document.root.map(|r| tree.resolve_alias(r)) else {
        return DocumentKind::NotKubernetes;
    };
    if !matches!(tree.node(root).kind, NodeKind::Mapping(_)) {
        return DocumentKind::NotKubernetes;
    }
    let field = |name: &str| {
        tree.entry(root, name)
            .and_then(|entry| entry.value)
            .and_then(|value| tree.str_value(value))
    };
    let (Some(api_version), Some(kind)) = (field("apiVersion"), field("kind")) else {
        return DocumentKind::NotKubernetes;
    };
    let version = match api_version {
        "tekton.dev/v1" => Some(TektonVersion::V1),
        "tekton.dev/v1beta1" => Some(TektonVersion::V1beta1),
        "tekton.dev/v1alpha1" => Some(TektonVersion::V1alpha1),
        _ => None,
    };
    let tekton_kind = match kind {
        "Task" => Some(TektonKind::Task),
        "Pipeline" => Some(TektonKind::Pipeline),
        "TaskRun" => Some(TektonKind::TaskRun),
        "PipelineRun" => Some(TektonKind::PipelineRun),
        "StepAction" => Some(TektonKind::StepAction),
        _ => None,
    };
    match (version, tekton_kind) {
        (Some(TektonVersion::V1alpha1), Some(kind)) if kind != TektonKind::StepAction => {
            DocumentKind::OtherKubernetes {
                api_version: api_version.to_owned(),
                kind: kind.as_str().to_owned(),
            }
        }
        (Some(version), Some(kind)) => DocumentKind::Tekton { version, kind },
        _ => DocumentKind::OtherKubernetes {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
        },
    }
}
