//! The in-process test harness: the real server (`tekton_lsp::server::serve`, the function
//! `tekton-lsp serve` runs) on in-memory pipes, a workspace folder of its own, and a client that
//! speaks LSP to it. Documents are written with a `█` cursor marker; [`TestServer::open`]
//! removes it and returns the position in the negotiated encoding, ready for a request:
//!
//! ```ignore
//! let mut server = TestServer::start().await;
//! let cursor = server.open("pipeline.yaml", "spec:\n  tasks:\n    - name: █\n").await;
//! let items = server.request("textDocument/completion", cursor.params()).await;
//! ```

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tekton_analysis::{Encoding, LineIndex};
use tekton_lsp::server::{self, Backend, Exit};
use tempfile::TempDir;
use tokio::task::JoinHandle;
use tower_lsp_server::LspServiceBuilder;
use tower_lsp_server::ls_types::{TextDocumentIdentifier, Uri};

use crate::client::Client;

pub const CURSOR: char = '█';

/// How the client presents itself, and what the workspace holds, before `initialize`.
pub struct Setup {
    /// Files written under the workspace folder before the server starts (path, text).
    pub files: Vec<(String, String)>,
    /// Offer UTF-8 positions (the server then uses them); otherwise UTF-16.
    pub utf8: bool,
    /// Announce `window.workDoneProgress` (indexing reports `$/progress`).
    pub progress: bool,
    /// Announce dynamic registration of `workspace/didChangeWatchedFiles`.
    pub watched_files: bool,
    /// Announce snippets in completion items.
    pub snippets: bool,
    /// The editor's settings, sent as `initializationOptions`.
    pub initialization_options: Option<Value>,
    /// Extra methods for the service (tests of the dispatch rules register their own).
    pub extend: fn(LspServiceBuilder<Backend>) -> LspServiceBuilder<Backend>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            files: Vec::new(),
            utf8: false,
            progress: true,
            watched_files: true,
            snippets: true,
            initialization_options: None,
            extend: inspection,
        }
    }
}

/// The method tests use to read the server's copy of a document: `tekton-test/text` answers
/// the text of a snapshot taken when it arrives, through the same dispatch as every request.
pub const TEXT_METHOD: &str = "tekton-test/text";

pub fn inspection(service: LspServiceBuilder<Backend>) -> LspServiceBuilder<Backend> {
    service.custom_method(
        TEXT_METHOD,
        |backend: &Backend, document: TextDocumentIdentifier| {
            backend.request(TEXT_METHOD, document, |snapshot, document| {
                Ok(snapshot
                    .file(&document.uri)
                    .map(|file| file.text().to_owned()))
            })
        },
    )
}

pub struct TestServer {
    pub client: Client,
    /// What the server announced at `initialize`.
    pub capabilities: Value,
    folder: TempDir,
    pub encoding: Encoding,
    server: JoinHandle<Exit>,
    versions: std::collections::HashMap<String, i32>,
}

/// A cursor in an open document.
#[derive(Clone, Debug)]
pub struct Cursor {
    pub uri: String,
    pub position: Value,
}

impl Cursor {
    /// `{textDocument, position}`: the params of every position request.
    pub fn params(&self) -> Value {
        json!({"textDocument": {"uri": self.uri}, "position": self.position})
    }
}

impl TestServer {
    /// A server initialised with a workspace folder of its own, indexed (empty).
    pub async fn start() -> Self {
        Self::with(Setup::default()).await
    }

    /// A server after `initialize` and `initialized`; with `setup.progress`, after the first
    /// indexing run has ended.
    pub async fn with(setup: Setup) -> Self {
        let folder = tempfile::tempdir().expect("a temporary workspace folder");
        for (path, text) in &setup.files {
            write_file(folder.path(), path, text);
        }
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        let (client_read, client_write) = tokio::io::split(client_end);
        let service = (setup.extend)(server::service());
        let server = tokio::spawn(server::serve(server_read, server_write, service));
        let mut client = Client::new(client_read, client_write);

        let encodings = if setup.utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let folder_uri = uri_of(folder.path());
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": folder_uri,
                    "workspaceFolders": [{"uri": folder_uri, "name": "workspace"}],
                    "initializationOptions": setup.initialization_options,
                    "capabilities": {
                        "general": {"positionEncodings": encodings},
                        "window": {"workDoneProgress": setup.progress},
                        "workspace": {
                            "workspaceFolders": true,
                            "didChangeWatchedFiles": {"dynamicRegistration": setup.watched_files}
                        },
                        "textDocument": {
                            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                            "completion": {"completionItem": {"snippetSupport": setup.snippets}}
                        }
                    }
                }),
            )
            .await;
        let encoding = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Encoding::Utf8,
            _ => Encoding::Utf16,
        };
        client.notify("initialized", json!({}));
        let mut server = TestServer {
            client,
            capabilities: result["capabilities"].clone(),
            folder,
            encoding,
            server,
            versions: std::collections::HashMap::new(),
        };
        if setup.progress {
            server.indexed().await;
        }
        server
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.folder.path().join(relative)
    }

    pub fn uri(&self, relative: &str) -> String {
        uri_of(&self.path(relative))
    }

    /// Writes a file under the workspace folder (the server learns of it as a client would
    /// tell it: see the watched-files tests).
    pub fn write(&self, relative: &str, text: &str) {
        write_file(self.folder.path(), relative, text);
    }

    /// Opens `relative` with `text` (version 1). A `█` in the text is removed and returned as
    /// the cursor; without one, the cursor is at the start.
    pub async fn open(&mut self, relative: &str, text: &str) -> Cursor {
        let uri = self.uri(relative);
        let (text, position) = cursor(text, self.encoding);
        self.versions.insert(uri.clone(), 1);
        self.client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        Cursor { uri, position }
    }

    /// Sends `didChange` with `changes` (LSP content changes) as the next version, and returns
    /// that version.
    pub fn change(&mut self, uri: &str, changes: Value) -> i32 {
        let version = self.versions.entry(uri.to_owned()).or_insert(1);
        *version += 1;
        let version = *version;
        self.client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
        version
    }

    /// The diagnostics published for `uri` at `version` (skipping earlier publications).
    pub async fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let params = self
            .client
            .notification("textDocument/publishDiagnostics", |params| {
                params["uri"] == uri && params["version"] == version
            })
            .await;
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The next publication for `uri` (any version) whose rule ids are exactly `rules`, in
    /// order: how a test waits for a re-check it caused.
    pub async fn published_rules(&mut self, uri: &str, rules: &[&str]) -> Value {
        self.client
            .notification("textDocument/publishDiagnostics", |params| {
                params["uri"] == uri
                    && crate::fixtures::rules(
                        params["diagnostics"].as_array().map_or(&[], Vec::as_slice),
                    ) == rules
            })
            .await
    }

    /// The `result` of a request (panics on an error response).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        self.client.request(method, params).await
    }

    /// The server's text of `uri`, as a request arriving now sees it.
    pub async fn text(&mut self, uri: &str) -> Value {
        self.request(TEXT_METHOD, json!({"uri": uri})).await
    }

    /// Waits for the end of an indexing run's progress.
    pub async fn indexed(&mut self) {
        self.client
            .notification("$/progress", |params| params["value"]["kind"] == "end")
            .await;
    }

    /// `shutdown`, then `exit`: how the server ended.
    pub async fn shutdown(mut self) -> Exit {
        self.client.request("shutdown", Value::Null).await;
        self.exit().await
    }

    /// `exit` (with or without `shutdown` before it): how the server ended.
    pub async fn exit(self) -> Exit {
        self.client.notify("exit", Value::Null);
        self.server.await.expect("the server task ended")
    }
}

/// Removes the `█` from `text`, and gives its LSP position in `encoding`.
pub fn cursor(text: &str, encoding: Encoding) -> (String, Value) {
    let offset = text.find(CURSOR).unwrap_or(0);
    let text = text.replacen(CURSOR, "", 1);
    let position = LineIndex::new(&text).position(offset, encoding);
    (
        text,
        json!({"line": position.line, "character": position.column}),
    )
}

pub fn uri_of(path: &Path) -> String {
    Uri::from_file_path(path)
        .expect("an absolute path")
        .as_str()
        .to_owned()
}

fn write_file(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the file's folder");
    }
    std::fs::write(path, text).expect("write the file");
}
