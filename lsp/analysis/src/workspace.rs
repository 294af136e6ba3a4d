//! Many files' analyses together, for the checks that look across files (issue 5: a
//! Pipeline's `taskRef` resolved against a Task in another file, a run against its Pipeline).

use std::collections::BTreeMap;

use crate::document::{Document, DocumentKind, TektonKind};
use crate::{FileAnalysis, FileRef};

/// The analysed files of a run or of an editor session, keyed by the name the caller uses for
/// each (path or URI). Replacing a file's analysis after an edit touches nothing else.
#[derive(Debug, Default)]
pub struct Workspace {
    files: BTreeMap<FileRef, FileAnalysis>,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace::default()
    }

    /// Adds a file, or replaces its previous analysis.
    pub fn insert(&mut self, file: FileRef, analysis: FileAnalysis) {
        self.files.insert(file, analysis);
    }

    pub fn remove(&mut self, file: &FileRef) -> Option<FileAnalysis> {
        self.files.remove(file)
    }

    pub fn get(&self, file: &FileRef) -> Option<&FileAnalysis> {
        self.files.get(file)
    }

    /// Files in name order (deterministic output).
    pub fn files(&self) -> impl Iterator<Item = (&FileRef, &FileAnalysis)> {
        self.files.iter()
    }

    /// Every Tekton document of `kind` named `name` (by `metadata.name`), in file order. Several
    /// may match (the catalog has one Task per version folder).
    pub fn find<'a>(
        &'a self,
        kind: TektonKind,
        name: &'a str,
    ) -> impl Iterator<Item = (&'a FileRef, &'a Document)> + 'a {
        self.files.iter().flat_map(move |(file, analysis)| {
            analysis
                .documents
                .iter()
                .filter(move |doc| {
                    matches!(doc.kind, DocumentKind::Tekton { kind: k, .. } if k == kind)
                        && doc.name() == Some(name)
                })
                .map(move |doc| (file, doc))
        })
    }
}
