//! The session: everything the server knows, owned in one place and changed only by
//! notifications, in the order they arrive (see [`crate::server::api`]).
//!
//! It holds the open documents, the index (a [`Workspace`] of every Tekton file of the
//! workspace folders, open documents in their edited state), and the configuration (the nearest
//! `.tekton-lsp.toml` of each file, as `check` finds it). Requests never see the session itself:
//! they get a [`Snapshot`], which shares the analyses and costs a few reference counts.

mod edit;
mod snapshot;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tekton_analysis::{DocumentKind, Encoding, FileAnalysis, FileRef, TektonKind, Workspace};
use tekton_check::config::{ConfigCache, Settings};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

pub use snapshot::{FileSnapshot, Snapshot};

use crate::server::capabilities::ClientSupport;
use crate::server::uri;

/// A document the client has open.
#[derive(Clone, Debug)]
pub struct OpenDocument {
    pub uri: Uri,
    pub version: i32,
    pub settings: Arc<Settings>,
    /// `false` when `check` would not report on the file: its configuration's `ignore` list
    /// names it, or that configuration is broken. The file is still analysed, so that
    /// navigation and completion work in it.
    pub reported: bool,
    /// What the document refers to in other files, by (kind, name): see [`Session::replace`].
    references: Vec<(TektonKind, String)>,
}

/// What the client should be told about one document's diagnostics.
#[derive(Clone, Debug)]
pub enum Publication {
    /// Diagnostics for this version of an open document.
    Open {
        file: FileRef,
        document: OpenDocument,
    },
    /// The document was closed: its diagnostics are cleared.
    Closed { uri: Uri },
}

/// The configuration and ignore lists in effect, replaced whole when a `.tekton-lsp.toml`
/// changes.
#[derive(Default)]
pub struct Configuration {
    pub cache: ConfigCache,
    /// The editor's settings (upstream defaults when it sent none): for files that are not on
    /// disk (`untitled:` documents) and those no `.tekton-lsp.toml` applies to.
    pub defaults: Arc<Settings>,
}

impl Configuration {
    fn new(defaults: Arc<Settings>) -> Self {
        Configuration {
            cache: ConfigCache::with_defaults(Arc::clone(&defaults)),
            defaults,
        }
    }
}

pub struct Session {
    encoding: Encoding,
    support: ClientSupport,
    folders: Vec<PathBuf>,
    configuration: Arc<Configuration>,
    documents: HashMap<FileRef, OpenDocument>,
    workspace: Arc<Workspace>,
    /// Files the indexer found on disk (open or not), with their paths.
    indexed: HashMap<FileRef, PathBuf>,
    /// Incremented by each indexing run; results of an older run are dropped.
    index_generation: u64,
    /// Whether an indexing run has finished: until then a reference may name a file not read
    /// yet, so `ref-unresolvable` is held back (see `diagnostics.rs`).
    index_complete: bool,
    /// Open documents whose diagnostics must be (re)published.
    dirty: BTreeSet<FileRef>,
    closed: Vec<Uri>,
    notices: Vec<String>,
}

impl Session {
    pub fn new(encoding: Encoding, folders: Vec<PathBuf>, support: ClientSupport) -> Self {
        Session {
            encoding,
            support,
            folders,
            configuration: Arc::default(),
            documents: HashMap::new(),
            workspace: Arc::default(),
            indexed: HashMap::new(),
            index_generation: 0,
            index_complete: false,
            dirty: BTreeSet::new(),
            closed: Vec::new(),
            notices: Vec::new(),
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn support(&self) -> ClientSupport {
        self.support
    }

    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    pub fn configuration(&self) -> Arc<Configuration> {
        Arc::clone(&self.configuration)
    }

    pub fn snapshot(&self) -> Snapshot {
        let documents = self
            .documents
            .iter()
            .map(|(file, document)| (file.clone(), document.clone()))
            .collect();
        Snapshot::new(
            Arc::clone(&self.workspace),
            Arc::new(documents),
            self.encoding,
            self.index_complete,
            self.support,
        )
    }

    pub fn open(&mut self, uri: Uri, version: i32, text: String) {
        let file = uri::file_ref(&uri);
        let (settings, reported) = self.settings_for(&uri);
        self.documents.insert(
            file.clone(),
            OpenDocument {
                uri,
                version,
                settings,
                reported,
                references: Vec::new(),
            },
        );
        self.analyse_open(file, &text);
    }

    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let file = uri::file_ref(uri);
        let Some(document) = self.documents.get_mut(&file) else {
            return;
        };
        let Some(current) = self.workspace.get(&file) else {
            return;
        };
        document.version = version;
        let mut text = current.text.clone();
        for change in changes {
            edit::apply(&mut text, change, self.encoding);
        }
        self.analyse_open(file, &text);
    }

    pub fn close(&mut self, uri: &Uri) {
        let file = uri::file_ref(uri);
        let Some(document) = self.documents.remove(&file) else {
            return;
        };
        self.dirty.remove(&file);
        self.closed.push(document.uri);
        // A file of the index goes back to what is on disk; any other file leaves the index.
        match self.indexed.get(&file).cloned() {
            Some(path) => self.reload_from_disk(&file, &path),
            None => self.remove(&file),
        }
    }

    /// The open document named `file`, if any.
    pub fn document(&self, file: &FileRef) -> Option<&OpenDocument> {
        self.documents.get(file)
    }

    /// Whether `version` is still the latest of the open document `file`.
    pub fn is_current(&self, file: &FileRef, version: i32) -> bool {
        self.documents
            .get(file)
            .is_some_and(|document| document.version == version)
    }

    /// The publications due since the last call, with the snapshot to compute them on.
    pub fn take_publications(&mut self) -> (Snapshot, Vec<Publication>) {
        let mut due: Vec<Publication> = self
            .closed
            .drain(..)
            .map(|uri| Publication::Closed { uri })
            .collect();
        for file in std::mem::take(&mut self.dirty) {
            if let Some(document) = self.documents.get(&file) {
                due.push(Publication::Open {
                    file,
                    document: document.clone(),
                });
            }
        }
        (self.snapshot(), due)
    }

    /// Starts an indexing run over the workspace folders; its results come back through
    /// [`Session::index_files`] and [`Session::finish_index`] with the generation returned here.
    pub fn begin_index(&mut self) -> u64 {
        self.index_generation += 1;
        self.index_generation
    }

    /// Adds files the indexer read, unless a newer run started since. An open document keeps
    /// its edited text.
    pub fn index_files(&mut self, generation: u64, files: Vec<(FileRef, PathBuf, FileAnalysis)>) {
        if generation != self.index_generation {
            return;
        }
        for (file, path, analysis) in files {
            self.indexed.insert(file.clone(), path);
            if !self.documents.contains_key(&file) {
                self.replace(file, analysis);
            }
        }
    }

    /// Ends an indexing run: files indexed before that it no longer found (deleted, now
    /// ignored, or in a folder that left the workspace) leave the index.
    pub fn finish_index(&mut self, generation: u64, found: &HashSet<FileRef>) {
        if generation != self.index_generation {
            return;
        }
        let gone: Vec<FileRef> = self
            .indexed
            .keys()
            .filter(|file| !found.contains(*file))
            .cloned()
            .collect();
        for file in gone {
            self.indexed.remove(&file);
            if !self.documents.contains_key(&file) {
                self.remove(&file);
            }
        }
        if !self.index_complete {
            self.index_complete = true;
            self.dirty.extend(self.documents.keys().cloned());
        }
    }

    /// The current indexing run: a run that sees another number has been superseded.
    pub fn index_generation(&self) -> u64 {
        self.index_generation
    }

    /// Whether the indexer found `file` on disk.
    pub fn is_indexed(&self, file: &FileRef) -> bool {
        self.indexed.contains_key(file)
    }

    /// A file of the index changed on disk (and is not open).
    pub fn disk_file_changed(&mut self, file: &FileRef, path: &Path) {
        if !self.documents.contains_key(file) {
            self.reload_from_disk(file, path);
        }
    }

    /// A file was deleted on disk.
    pub fn disk_file_deleted(&mut self, file: &FileRef) {
        self.indexed.remove(file);
        if !self.documents.contains_key(file) {
            self.remove(file);
        }
    }

    pub fn add_folders(&mut self, added: impl IntoIterator<Item = PathBuf>) {
        for folder in added {
            if !self.folders.contains(&folder) {
                self.folders.push(folder);
            }
        }
    }

    pub fn remove_folders(&mut self, removed: &[PathBuf]) {
        self.folders.retain(|folder| !removed.contains(folder));
    }

    /// The editor's settings (`initializationOptions`), before any document is opened; invalid
    /// ones are shown to the user and upstream's defaults used instead.
    pub fn use_editor_settings(&mut self, options: serde_json::Value) {
        match tekton_check::config::editor_settings(options) {
            Ok(settings) => self.configuration = Arc::new(Configuration::new(Arc::new(settings))),
            Err(failure) => self.notices.push(failure.to_string()),
        }
    }

    /// A `.tekton-lsp.toml` changed: every file is checked again with the configuration now
    /// on disk. Open documents are re-analysed here; the caller re-indexes the folders.
    pub fn reload_configuration(&mut self) {
        let defaults = Arc::clone(&self.configuration.defaults);
        self.configuration = Arc::new(Configuration::new(defaults));
        let open: Vec<(FileRef, Uri)> = self
            .documents
            .iter()
            .map(|(file, document)| (file.clone(), document.uri.clone()))
            .collect();
        for (file, uri) in open {
            let (settings, reported) = self.settings_for(&uri);
            let Some(text) = self
                .workspace
                .get(&file)
                .map(|analysis| analysis.text.clone())
            else {
                continue;
            };
            if let Some(document) = self.documents.get_mut(&file) {
                document.settings = settings;
                document.reported = reported;
            }
            self.analyse_open(file, &text);
        }
    }

    /// The settings of the file behind `uri`, and whether `check` would report on it.
    fn settings_for(&mut self, uri: &Uri) -> (Arc<Settings>, bool) {
        let Some(path) = uri::to_path(uri) else {
            return (Arc::clone(&self.configuration.defaults), true);
        };
        match self.configuration.cache.for_file(&path) {
            Some(settings) => {
                let reported = !settings.ignores(&path);
                (settings, reported)
            }
            None => {
                // The cache reports a broken file once; the indexer may have taken it already.
                let reason = self.configuration.cache.take_failures().into_iter().next();
                let reason = reason.map_or_else(
                    || "the .tekton-lsp.toml that applies to it is not valid".to_owned(),
                    |failure| failure.to_string(),
                );
                self.notices.push(format!(
                    "tekton-lsp does not check `{}`: {reason}",
                    path.display()
                ));
                (Arc::clone(&self.configuration.defaults), false)
            }
        }
    }

    /// Messages for the user (`window/showMessage`) since the last call.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn analyse_open(&mut self, file: FileRef, text: &str) {
        let Some(document) = self.documents.get_mut(&file) else {
            return;
        };
        let analysis = tekton_analysis::analyze_file(text, &document.settings.analysis);
        document.references = tekton_analysis::rules::referenced_names(&analysis);
        self.dirty.insert(file.clone());
        self.replace(file, analysis);
    }

    fn reload_from_disk(&mut self, file: &FileRef, path: &Path) {
        let Some(settings) = self.configuration.cache.for_file(path) else {
            return self.remove(file);
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let analysis = tekton_analysis::analyze_file(text, &settings.analysis);
                self.replace(file.clone(), analysis);
            }
            Err(_) => self.remove(file),
        }
    }

    /// Puts a file's new analysis in the index, and marks for re-publication the open
    /// documents whose references into it may resolve differently now: those that refer to a
    /// document it defined before or defines now.
    fn replace(&mut self, file: FileRef, analysis: FileAnalysis) {
        let mut changed = self.defined_names(&file);
        changed.extend(defined_names(&analysis));
        Arc::make_mut(&mut self.workspace).insert(file.clone(), analysis);
        self.mark_dependents(&file, &changed);
    }

    fn remove(&mut self, file: &FileRef) {
        let changed = self.defined_names(file);
        if Arc::make_mut(&mut self.workspace).remove(file).is_some() {
            self.mark_dependents(file, &changed);
        }
    }

    fn defined_names(&self, file: &FileRef) -> Vec<(TektonKind, String)> {
        self.workspace
            .get(file)
            .map(defined_names)
            .unwrap_or_default()
    }

    fn mark_dependents(&mut self, file: &FileRef, changed: &[(TektonKind, String)]) {
        if changed.is_empty() {
            return;
        }
        for (other, document) in &self.documents {
            if other != file
                && document
                    .references
                    .iter()
                    .any(|reference| changed.contains(reference))
            {
                self.dirty.insert(other.clone());
            }
        }
    }
}

/// The Tekton documents a file defines, by (kind, `metadata.name`).
fn defined_names(analysis: &FileAnalysis) -> Vec<(TektonKind, String)> {
    analysis
        .documents
        .iter()
        .filter_map(|document| match (&document.kind, document.name()) {
            (DocumentKind::Tekton { kind, .. }, Some(name)) => Some((*kind, name.to_owned())),
            _ => None,
        })
        .collect()
}
