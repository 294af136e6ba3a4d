//! What a request sees: the index and the open documents as they were when the request
//! arrived, whatever notifications come after it.

use std::collections::HashMap;
use std::sync::Arc;

use tekton_analysis::{Encoding, FileAnalysis, FileRef, Span, Workspace};
use tekton_check::config::Settings;
use tower_lsp_server::ls_types::{Location, Position, Range, TextDocumentPositionParams, Uri};

use super::OpenDocument;
use crate::server::capabilities::ClientSupport;
use crate::server::{position, uri};

#[derive(Clone)]
pub struct Snapshot {
    workspace: Arc<Workspace>,
    documents: Arc<HashMap<FileRef, OpenDocument>>,
    encoding: Encoding,
    index_complete: bool,
    support: ClientSupport,
}

impl Snapshot {
    pub(super) fn new(
        workspace: Arc<Workspace>,
        documents: Arc<HashMap<FileRef, OpenDocument>>,
        encoding: Encoding,
        index_complete: bool,
        support: ClientSupport,
    ) -> Self {
        Snapshot {
            workspace,
            documents,
            encoding,
            index_complete,
            support,
        }
    }

    /// What the client supports (snippets in completions, for one).
    pub fn support(&self) -> ClientSupport {
        self.support
    }

    /// Whether the workspace folders have been indexed once: before that, a document another
    /// one refers to may simply not have been read yet.
    pub fn index_complete(&self) -> bool {
        self.index_complete
    }

    /// Every analysed file: open documents in their edited state, the others as on disk.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The negotiated position encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The file behind a URI, open or indexed; `None` for a document the server does not know
    /// (answer such a request with an empty result).
    pub fn file(&self, uri: &Uri) -> Option<FileSnapshot<'_>> {
        self.file_by_ref(&uri::file_ref(uri))
    }

    /// The file and byte offset of a position request (`None` for an unknown document or a
    /// position outside its text: answer with an empty result).
    pub fn cursor(&self, at: &TextDocumentPositionParams) -> Option<(FileSnapshot<'_>, usize)> {
        let file = self.file(&at.text_document.uri)?;
        let offset = file.offset(at.position)?;
        Some((file, offset))
    }

    /// The same, for a file named as the workspace names it (a reference's target).
    pub fn file_by_ref(&self, file: &FileRef) -> Option<FileSnapshot<'_>> {
        Some(FileSnapshot {
            analysis: self.workspace.get(file)?,
            document: self.documents.get(file),
            file: file.clone(),
            encoding: self.encoding,
        })
    }

    /// The open document named `file`.
    pub fn document(&self, file: &FileRef) -> Option<&OpenDocument> {
        self.documents.get(file)
    }

    /// A span in any file of the workspace as an LSP location.
    pub fn location(&self, file: &FileRef, span: Span) -> Option<Location> {
        let target = self.file_by_ref(file)?;
        Some(Location::new(target.uri()?, target.range(span)))
    }
}

/// One file of a snapshot, with the position conversions in the negotiated encoding.
#[derive(Clone)]
pub struct FileSnapshot<'s> {
    /// The file's name in [`Snapshot::workspace`].
    pub file: FileRef,
    pub analysis: &'s FileAnalysis,
    /// `None` when the client does not have the file open.
    pub document: Option<&'s OpenDocument>,
    encoding: Encoding,
}

impl FileSnapshot<'_> {
    pub fn text(&self) -> &str {
        &self.analysis.text
    }

    /// The URI the client uses for the file.
    pub fn uri(&self) -> Option<Uri> {
        match self.document {
            Some(document) => Some(document.uri.clone()),
            None => uri::to_uri(&self.file),
        }
    }

    /// The settings of an open document's `.tekton-lsp.toml` (the index keeps analyses, not
    /// settings, for the other files).
    pub fn settings(&self) -> Option<&Settings> {
        self.document.map(|document| document.settings.as_ref())
    }

    /// The byte offset of an LSP position, or `None` when it is outside the text.
    pub fn offset(&self, position: Position) -> Option<usize> {
        position::offset(
            &self.analysis.text,
            &self.analysis.line_index,
            position,
            self.encoding,
        )
    }

    pub fn position(&self, offset: usize) -> Position {
        position::position(&self.analysis.line_index, offset, self.encoding)
    }

    pub fn range(&self, span: Span) -> Range {
        position::range(&self.analysis.line_index, span, self.encoding)
    }

    /// The byte span of an LSP range, or `None` when it is outside the text.
    pub fn span(&self, range: Range) -> Option<Span> {
        position::span(
            &self.analysis.text,
            &self.analysis.line_index,
            range,
            self.encoding,
        )
    }
}
