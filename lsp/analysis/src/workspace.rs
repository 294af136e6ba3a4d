//! Many files' analyses together, for the checks that look across files (issue 5: a
//! Pipeline's `taskRef` resolved against a Task in another file, a run against its Pipeline).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::document::{Document, DocumentKind, TektonKind};
use crate::rules::view::View;
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
    /// `(kind, name)` → the files that reference a document of that kind by that name
    /// (`rules::referenced_names`): who relies on a Task's or Pipeline's interface.
    referrers: HashMap<(TektonKind, String), Vec<FileRef>>,
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
        for key in crate::rules::referenced_names(&analysis) {
            let files = self.referrers.entry(key).or_default();
            if !files.contains(&file) {
                files.push(file.clone());
            }
        }
        self.files.insert(file, Arc::new(analysis));
    }

    /// The files that reference a document of `kind` named `name` by name, with their
    /// analyses.
    pub fn referrers(
        &self,
        kind: TektonKind,
        name: &str,
    ) -> impl Iterator<Item = (&FileRef, &FileAnalysis)> {
        self.referrers
            .get(&(kind, name.to_owned()))
            .into_iter()
            .flatten()
            .filter_map(|file| self.entry(file))
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

    /// The documents a reference by name from `from` may mean, as the checks across files
    /// resolve it (the one rule: go to definition follows it too). When several documents have
    /// the name, the first of these that keeps any of them decides:
    /// 1. a document of the same file;
    /// 2. those whose version is the one the reference asks for (`version`: a resolver's
    ///    `version` param, a bundle's tag), their version being their `app.kubernetes.io/version`
    ///    label, else the last version-like folder of their path (`task/NAME/0.3/`);
    /// 3. those in the folder of `from`, or under its nearest version-like folder (a catalog's
    ///    `task/NAME/0.3/tests/run.yaml` means `task/NAME/0.3/NAME.yaml`);
    /// 4. every one: the checks then report only what all of them reject.
    ///
    /// (A step that keeps every match decides nothing, and the next one is tried.)
    ///
    /// A version in the referencing file's own path says nothing about other names (a
    /// Pipeline in `0.2/` may use any version of a Task), so it only counts through 3.
    pub fn resolve(
        &self,
        from: &FileRef,
        kind: TektonKind,
        name: &str,
        version: Option<&str>,
    ) -> Resolution<'_> {
        let found = self.find(kind, name);
        let matches = found.len();
        if matches > 1 {
            let in_folder = |file: &FileRef| match version_folder(from.as_str()) {
                Some(scope) => file.as_str().starts_with(scope),
                None => folder(file.as_str()) == folder(from.as_str()),
            };
            for choice in [Choice::SameFile, Choice::Version, Choice::Folder] {
                let candidates: Vec<(&FileRef, &Document)> = found
                    .iter()
                    .copied()
                    .filter(|(file, document)| match choice {
                        Choice::SameFile => *file == from,
                        Choice::Version => version.is_some_and(|wanted| {
                            self.version_of(file, document)
                                .is_some_and(|v| same_version(v, wanted))
                        }),
                        _ => in_folder(file),
                    })
                    .collect();
                if !candidates.is_empty() && candidates.len() < matches {
                    return Resolution {
                        candidates,
                        matches,
                        choice,
                    };
                }
            }
        }
        let choice = if matches > 1 {
            Choice::All
        } else {
            Choice::Only
        };
        Resolution {
            candidates: found,
            matches,
            choice,
        }
    }

    /// A document's version: its `app.kubernetes.io/version` label, else the last version-like
    /// folder of its file's path.
    fn version_of<'a>(&'a self, file: &'a FileRef, document: &Document) -> Option<&'a str> {
        let label = self.get(file).and_then(|analysis| {
            View::new(&analysis.syntax, document.root?)
                .get("metadata")?
                .get("labels")?
                .get("app.kubernetes.io/version")?
                .scalar_text()
        });
        label.or_else(|| {
            let scope = version_folder(file.as_str())?;
            scope
                .trim_end_matches(['/', '\\'])
                .rsplit(['/', '\\'])
                .next()
        })
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
        for key in crate::rules::referenced_names(old) {
            if let Some(files) = self.referrers.get_mut(&key) {
                files.retain(|f| f != file);
            }
        }
    }
}

/// The documents a reference may mean ([`Workspace::resolve`]).
#[derive(Debug)]
pub struct Resolution<'w> {
    /// Empty when no document has the name.
    pub candidates: Vec<(&'w FileRef, &'w Document)>,
    /// How many documents have the name.
    pub matches: usize,
    pub choice: Choice,
}

impl<'w> Resolution<'w> {
    /// The one document meant, when the candidates came down to one.
    pub fn only(&self) -> Option<(&'w FileRef, &'w Document)> {
        match self.candidates.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }
}

/// Why [`Resolution::candidates`] are those documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Nothing to choose: no document has the name, or one.
    Only,
    SameFile,
    Version,
    Folder,
    /// Several, and nothing told them apart.
    All,
}

/// `1.2`, `v0.3`, `0.10.1`: a folder a catalog keeps one version in.
fn is_version(segment: &str) -> bool {
    let digits = segment.strip_prefix('v').unwrap_or(segment);
    !digits.is_empty()
        && digits
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn same_version(a: &str, b: &str) -> bool {
    a.strip_prefix('v').unwrap_or(a) == b.strip_prefix('v').unwrap_or(b)
}

/// The folder part of a path, with its trailing separator (`""` for a bare file name).
fn folder(path: &str) -> &str {
    path.rfind(['/', '\\']).map_or("", |at| &path[..=at])
}

/// The path up to and including its last version-like folder, with the separator after it.
fn version_folder(path: &str) -> Option<&str> {
    let folder = folder(path);
    let mut end = None;
    let mut start = 0;
    for (at, c) in folder.char_indices() {
        if c == '/' || c == '\\' {
            if is_version(&folder[start..at]) {
                end = Some(at + 1);
            }
            start = at + 1;
        }
    }
    end.map(|end| &folder[..end])
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
        // Nothing tells the three apart from a third file; b.yaml means its own.
        let from_c = workspace.resolve(&"c.yaml".into(), TektonKind::Task, "build", None);
        assert_eq!(
            (from_c.candidates.len(), from_c.matches, from_c.choice),
            (3, 3, Choice::All)
        );
        let from_b = workspace.resolve(&"b.yaml".into(), TektonKind::Task, "build", None);
        assert_eq!(from_b.choice, Choice::SameFile);
        assert!(
            from_b
                .candidates
                .iter()
                .all(|(file, _)| file.as_str() == "b.yaml")
        );

        // Replacing a file drops its old entries.
        workspace.insert("b.yaml".into(), analyze_file("kind: Other\n", &config));
        assert_eq!(workspace.find(TektonKind::Task, "build").len(), 1);
        workspace.remove(&"a.yaml".into());
        assert!(workspace.find(TektonKind::Task, "build").is_empty());
        assert_eq!(workspace.names(TektonKind::Task).count(), 0);
    }

    fn catalog() -> Workspace {
        let config = AnalysisConfig::default();
        let task = |version: &str, label: &str| {
            let labels = if label.is_empty() {
                String::new()
            } else {
                format!(", labels: {{app.kubernetes.io/version: \"{label}\"}}")
            };
            analyze_file(
                &format!(
                    "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {{name: git-clone{labels}}}\nspec: {{steps: [{{image: {version}}}]}}\n"
                ),
                &config,
            )
        };
        let mut workspace = Workspace::new();
        workspace.insert("task/git-clone/0.8/git-clone.yaml".into(), task("a", ""));
        workspace.insert("task/git-clone/0.9/git-clone.yaml".into(), task("b", ""));
        // A label beats the folder: this copy says it is 0.7.
        workspace.insert("old/git-clone.yaml".into(), task("c", "0.7"));
        workspace
    }

    fn chosen(workspace: &Workspace, from: &str, version: Option<&str>) -> (Vec<String>, Choice) {
        let resolution = workspace.resolve(&from.into(), TektonKind::Task, "git-clone", version);
        let files = resolution
            .candidates
            .iter()
            .map(|(file, _)| file.as_str().to_owned())
            .collect();
        (files, resolution.choice)
    }

    #[test]
    fn a_version_or_the_referencing_files_folder_chooses_among_same_named_documents() {
        let workspace = catalog();
        assert_eq!(
            chosen(&workspace, "pipeline/p.yaml", Some("v0.9")),
            (
                vec!["task/git-clone/0.9/git-clone.yaml".to_owned()],
                Choice::Version
            )
        );
        assert_eq!(
            chosen(&workspace, "pipeline/p.yaml", Some("0.7")),
            (vec!["old/git-clone.yaml".to_owned()], Choice::Version)
        );
        // The tests of a version folder mean that version.
        assert_eq!(
            chosen(&workspace, "task/git-clone/0.8/tests/run.yaml", None),
            (
                vec!["task/git-clone/0.8/git-clone.yaml".to_owned()],
                Choice::Folder
            )
        );
        // A file beside a copy means that copy.
        assert_eq!(
            chosen(&workspace, "old/pipeline.yaml", None),
            (vec!["old/git-clone.yaml".to_owned()], Choice::Folder)
        );
        // A version nobody has, and a Pipeline elsewhere in a version folder of its own: every
        // candidate (its `0.2` says nothing about git-clone's version).
        for (from, version) in [("p.yaml", Some("0.1")), ("pipeline/p/0.2/p.yaml", None)] {
            let (files, choice) = chosen(&workspace, from, version);
            assert_eq!((files.len(), choice), (3, Choice::All), "{from}");
        }
    }
}
