//! Many files' analyses together, for the checks that look across files (issue 5: a
//! Pipeline's `taskRef` resolved against a Task in another file, a run against its Pipeline).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::document::{Document, DocumentKind, TektonKind};
use crate::{FileAnalysis, FileRef};

/// The analysed files of a run or of an editor session, keyed by the name the caller uses for
/// each (path or URI). Replacing a file's analysis after an edit touches only that file's
/// entries; name lookups go through an index, so resolving every reference of a large
/// repository stays linear. Cloning shares every file's analysis, so a language server can hand
/// out cheap snapshots and still replace one file after an edit.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    files: BTreeMap<FileRef, Arc<FileAnalysis>>,
    /// `(kind, metadata.name)` → the documents with that name, as (file, document index).
    by_name: HashMap<(TektonKind, String), Vec<(FileRef, usize)>>,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace::default()
    }

    /// Adds a file, or replaces its previous analysis.
    pub fn insert(&mut self, file: FileRef, analysis: FileAnalysis) {
        self.unindex(&file);
        for (index, document) in analysis.documents.iter().enumerate() {
            if let (DocumentKind::Tekton { kind, .. }, Some(name)) =
                (&document.kind, document.name())
            {
                self.by_name
                    .entry((*kind, name.to_owned()))
                    .or_default()
                    .push((file.clone(), index));
            }
        }
        self.files.insert(file, Arc::new(analysis));
    }

    pub fn remove(&mut self, file: &FileRef) -> Option<Arc<FileAnalysis>> {
        self.unindex(file);
        self.files.remove(file)
    }

    pub fn get(&self, file: &FileRef) -> Option<&FileAnalysis> {
        self.files.get(file).map(Arc::as_ref)
    }

    /// The workspace's own name for `file`, with its analysis (results that borrow the name
    /// then live as long as the workspace).
    pub fn entry(&self, file: &FileRef) -> Option<(&FileRef, &FileAnalysis)> {
        self.files
            .get_key_value(file)
            .map(|(name, analysis)| (name, analysis.as_ref()))
    }

    /// Files in name order (deterministic output).
    pub fn files(&self) -> impl Iterator<Item = (&FileRef, &FileAnalysis)> {
        self.files
            .iter()
            .map(|(file, analysis)| (file, analysis.as_ref()))
    }

    /// Every Tekton document of `kind` named `name` (by `metadata.name`), in the order the
    /// files were added. Several may match (the catalog has one Task per version folder).
    pub fn find(&self, kind: TektonKind, name: &str) -> Vec<(&FileRef, &Document)> {
        // A `(TektonKind, String)` key needs an owned name to look up; names are short.
        let Some(entries) = self.by_name.get(&(kind, name.to_owned())) else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(file, index)| {
                let (file, analysis) = self.files.get_key_value(file)?;
                Some((file, analysis.documents.get(*index)?))
            })
            .collect()
    }

    /// The document a reference by name from `from` means, as the checks across files resolve
    /// it: a document of the same file first, else the only match of the workspace. `Err` holds
    /// the number of matches when there is none or more than one (ambiguous).
    pub fn resolve(
        &self,
        from: &FileRef,
        kind: TektonKind,
        name: &str,
    ) -> Result<(&FileRef, &Document), usize> {
        let found = self.find(kind, name);
        found
            .iter()
            .find(|(file, _)| *file == from)
            .or(match found.as_slice() {
                [only] => Some(only),
                _ => None,
            })
            .copied()
            .ok_or(found.len())
    }

    /// The names of every Tekton document of `kind`, each once, in no particular order.
    pub fn names(&self, kind: TektonKind) -> impl Iterator<Item = &str> {
        self.by_name
            .iter()
            .filter(move |((k, _), documents)| *k == kind && !documents.is_empty())
            .map(|((_, name), _)| name.as_str())
    }

    fn unindex(&mut self, file: &FileRef) {
        let Some(old) = self.files.get(file) else {
            return;
        };
        for document in &old.documents {
            if let (DocumentKind::Tekton { kind, .. }, Some(name)) =
                (&document.kind, document.name())
                && let Some(entries) = self.by_name.get_mut(&(*kind, name.to_owned()))
            {
                entries.retain(|(f, _)| f != file);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnalysisConfig, analyze_file};

    #[test]
    fn finds_documents_by_kind_and_name_across_files() {
        let config = AnalysisConfig::default();
        let task = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: build}\nspec: {steps: [{image: a}]}\n";
        let mut workspace = Workspace::new();
        workspace.insert("a.yaml".into(), analyze_file(task, &config));
        workspace.insert(
            "b.yaml".into(),
            analyze_file(&format!("---\n{task}---\n{task}"), &config),
        );
        let found: Vec<(&str, usize)> = workspace
            .find(TektonKind::Task, "build")
            .iter()
            .map(|(file, doc)| (file.as_str(), doc.span.start))
            .collect();
        assert_eq!(found.len(), 3);
        assert!(workspace.find(TektonKind::Pipeline, "build").is_empty());
        assert_eq!(
            workspace.names(TektonKind::Task).collect::<Vec<_>>(),
            ["build"]
        );
        // Ambiguous from a third file, the same file's own document from b.yaml.
        assert_eq!(
            workspace
                .resolve(&"c.yaml".into(), TektonKind::Task, "build")
                .err(),
            Some(3)
        );
        let (file, _) = workspace
            .resolve(&"b.yaml".into(), TektonKind::Task, "build")
            .expect("the same file's Task");
        assert_eq!(file.as_str(), "b.yaml");

        // Replacing a file drops its old entries.
        workspace.insert("b.yaml".into(), analyze_file("kind: Other\n", &config));
        assert_eq!(workspace.find(TektonKind::Task, "build").len(), 1);
        workspace.remove(&"a.yaml".into());
        assert!(workspace.find(TektonKind::Task, "build").is_empty());
        assert_eq!(workspace.names(TektonKind::Task).count(), 0);
    }
}
