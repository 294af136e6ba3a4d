//! Document URIs ↔ the names files have in the analysis [`Workspace`](tekton_analysis::Workspace).
//!
//! A file is named by its URI, written the one way `Uri::from_file_path` writes it, so the same
//! file opened by the client (which may percent-encode differently) and found on disk by the
//! indexer is one entry. URIs of other schemes (`untitled:`) are used as they are.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use tekton_analysis::FileRef;
use tower_lsp_server::ls_types::Uri;

pub fn file_ref(uri: &Uri) -> FileRef {
    match uri
        .to_file_path()
        .and_then(|path| Uri::from_file_path(path.as_ref()))
    {
        Some(canonical) => FileRef::from(canonical.as_str()),
        None => FileRef::from(uri.as_str()),
    }
}

/// The name of a file found on disk (absolute path).
pub fn path_ref(path: &Path) -> Option<FileRef> {
    Uri::from_file_path(path).map(|uri| FileRef::from(uri.as_str()))
}

pub fn to_uri(file: &FileRef) -> Option<Uri> {
    Uri::from_str(file.as_str()).ok()
}

pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|path| path.into_owned())
}
