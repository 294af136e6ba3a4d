//! The language server (`tekton-lsp serve`): the same engine as `check`, on every keystroke.
//!
//! - [`session`]: what the server knows (open documents, the index of the workspace, the
//!   configuration), changed only by notifications, read by requests through snapshots;
//! - `backend.rs`: how methods run (ordering, snapshots, panics), `api.rs` the method table,
//!   `api/requests/` and `api/notifications/` one file per LSP method;
//! - `diagnostics.rs` publishes what `check` reports, `indexer.rs` indexes the workspace
//!   folders, `watch.rs` registers file watchers;
//! - [`position`] converts LSP positions to byte offsets in the negotiated encoding.
//!
//! The transport is `tower-lsp-server`'s: JSON-RPC over stdio, malformed messages answered
//! with JSON-RPC errors, `$/cancelRequest` dropping a running request.

mod api;
mod backend;
mod capabilities;
mod diagnostics;
mod indexer;
pub mod position;
pub mod session;
mod transport;
mod uri;
mod watch;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, LspServiceBuilder, Server};

pub use backend::Backend;
pub use diagnostics::SOURCE;
pub use indexer::PROGRESS_TITLE;

/// Messages handled at once. Requests wait on worker threads, so this bounds how many run
/// together, not how fast messages are read; notifications are applied in order regardless.
const CONCURRENCY: usize = 32;

/// How the client ended the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`: status 0.
    AfterShutdown,
    /// `exit` without `shutdown`, or the input closed: status 1, as the specification says.
    WithoutShutdown,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::AfterShutdown => ExitCode::SUCCESS,
            Exit::WithoutShutdown => ExitCode::FAILURE,
        }
    }
}

/// The server's service, to be extended (in-process tests add methods) and passed to [`serve`].
pub fn service() -> LspServiceBuilder<Backend> {
    LspService::build(Backend::new)
}

/// Serves LSP on `input`/`output` until the client sends `exit` or closes the input.
pub async fn serve<I, O>(input: I, output: O, service: LspServiceBuilder<Backend>) -> Exit
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = service.finish();
    // Set by the transport once `shutdown` has been received: `exit` is then clean.
    let shutdown = Arc::new(AtomicBool::new(false));
    let (server_input, server_output, relay) = transport::pipes();
    let server = Server::new(server_input, server_output, socket)
        .concurrency_level(CONCURRENCY)
        .serve(service);
    let (read_input, write_output) = relay.run(input, output, Arc::clone(&shutdown));
    // The server ends on `exit` (its output then ends, and the writer flushes it) or when the
    // input ends (the reader closes the server's input). A client may keep its end open after
    // `exit`, so the reader is not waited for then.
    let serving = async { tokio::join!(server, write_output) };
    tokio::pin!(serving);
    tokio::pin!(read_input);
    tokio::select! {
        _ = &mut serving => {}
        () = &mut read_input => { serving.await; }
    }
    if shutdown.load(Ordering::SeqCst) {
        Exit::AfterShutdown
    } else {
        Exit::WithoutShutdown
    }
}

/// `tekton-lsp serve`: LSP over stdin and stdout.
pub fn run_stdio() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the language server: {error}");
            return ExitCode::from(2);
        }
    };
    let exit = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), service()));
    // Background work (an indexing run, a request the client stopped waiting for) is not worth
    // waiting for once the client has gone.
    runtime.shutdown_timeout(Duration::from_millis(100));
    exit.into()
}
