//! How every LSP method is run: the ordering, snapshot and failure rules in one place, so the
//! per-method handlers (`api/requests/*.rs`, `api/notifications/*.rs`) are plain functions.
//!
//! - A **notification** is applied to the [`Session`] synchronously, under its lock, when its
//!   future is first polled. The transport calls and first-polls handlers in the order messages
//!   arrive, and nothing awaits before the session is changed, so notifications are applied in
//!   order. What a notification starts but cannot finish at once (indexing, registering file
//!   watchers) comes back as [`Followup`]s that run in the background.
//! - A **request** takes a [`Snapshot`] synchronously in the same way, then runs on a blocking
//!   worker thread. It sees every notification that arrived before it and none after, however
//!   long it runs; the server keeps reading messages meanwhile, and `$/cancelRequest` drops it.
//! - A handler that **panics** does not take the server down: the panic is logged to the client
//!   (`window/logMessage`), a request gets an internal-error response, and serving goes on.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard};

use tekton_analysis::Encoding;
use tokio::sync::Notify;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{self, ErrorCode};
use tower_lsp_server::ls_types::MessageType;

use crate::server::capabilities::ClientSupport;
use crate::server::session::{Session, Snapshot};
use crate::server::{diagnostics, indexer, watch};

/// Background work a notification asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Followup {
    /// Index the workspace folders again (after `initialized`, a folder or configuration
    /// change, or a file created on disk).
    Index,
    /// Ask the client to send `workspace/didChangeWatchedFiles` for Tekton and configuration
    /// files.
    RegisterWatchers,
}

/// What the background tasks share with the handlers.
#[derive(Clone)]
pub struct Shared {
    pub client: Client,
    pub session: Arc<Mutex<Session>>,
    /// Woken after every change to the session; the diagnostics publisher waits on it.
    pub changed: Arc<Notify>,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, Session> {
        // A handler that panicked while holding the lock leaves it poisoned; the session is
        // still the best state there is, and refusing every later message would be worse.
        self.session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sends a `window/logMessage` without waiting for it.
    pub fn log(&self, level: MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(level, message).await });
    }
}

/// The language server: the session, the client, and the background tasks. `api.rs` maps each
/// LSP method to its handler through [`Backend::request`] and [`Backend::notify`].
pub struct Backend {
    pub(crate) shared: Shared,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            shared: Shared {
                client,
                session: Arc::new(Mutex::new(Session::new(
                    Encoding::Utf16,
                    Vec::new(),
                    ClientSupport::default(),
                ))),
                changed: Arc::new(Notify::new()),
            },
        }
    }

    /// Starts the task that publishes diagnostics whenever the session changes.
    pub(crate) fn start_publisher(&self) {
        tokio::spawn(diagnostics::publish_loop(self.shared.clone()));
    }

    /// Runs a request handler on a snapshot taken now (see the module documentation). Call it
    /// directly in the LSP method, before any `.await`.
    pub fn request<P, R, F>(
        &self,
        method: &'static str,
        params: P,
        handler: F,
    ) -> impl Future<Output = jsonrpc::Result<R>> + Send + use<P, R, F>
    where
        P: Send + 'static,
        R: Send + 'static,
        F: FnOnce(&Snapshot, P) -> jsonrpc::Result<R> + Send + 'static,
    {
        let snapshot = self.shared.lock().snapshot();
        let shared = self.shared.clone();
        async move {
            match tokio::task::spawn_blocking(move || handler(&snapshot, params)).await {
                Ok(answer) => answer,
                Err(failure) => {
                    let reason = match failure.try_into_panic() {
                        Ok(payload) => panic_message(payload.as_ref()),
                        Err(failure) => failure.to_string(),
                    };
                    Err(handler_failed(&shared, method, &reason))
                }
            }
        }
    }

    /// Applies a notification handler to the session now (see the module documentation), then
    /// starts the background work it asked for and wakes the diagnostics publisher.
    pub fn notify<P, F>(&self, method: &'static str, params: P, handler: F)
    where
        F: FnOnce(&mut Session, P) -> Vec<Followup>,
    {
        let (outcome, notices) = {
            let mut session = self.shared.lock();
            let outcome = catch_unwind(AssertUnwindSafe(|| handler(&mut session, params)));
            (outcome, session.take_notices())
        };
        for notice in notices {
            let client = self.shared.client.clone();
            tokio::spawn(async move { client.show_message(MessageType::WARNING, notice).await });
        }
        match outcome {
            Ok(followups) => {
                for followup in followups {
                    self.start(followup);
                }
            }
            Err(payload) => {
                handler_failed(&self.shared, method, &panic_message(payload.as_ref()));
            }
        }
        self.shared.changed.notify_one();
    }

    fn start(&self, followup: Followup) {
        match followup {
            Followup::Index => {
                tokio::spawn(indexer::index(self.shared.clone()));
            }
            Followup::RegisterWatchers => {
                tokio::spawn(watch::register(self.shared.clone()));
            }
        }
    }
}

fn handler_failed(shared: &Shared, method: &str, reason: &str) -> jsonrpc::Error {
    shared.log(
        MessageType::ERROR,
        format!("tekton-lsp: the {method} handler failed: {reason}"),
    );
    jsonrpc::Error {
        code: ErrorCode::InternalError,
        message: format!(
            "tekton-lsp failed on {method}: {reason}; the server keeps running (please report this)"
        )
        .into(),
        data: None,
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
