//! A small LSP client over any byte stream: framing, request ids, and the answers a client owes
//! the server (`client/registerCapability`, `window/workDoneProgress/create`). The in-process
//! harness runs it against the server on in-memory pipes; the benchmark driver
//! (`lsp/server/examples/lsp_bench.rs`) against a server process, ours or another.

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// How long to wait for a message the test expects before failing: generous, since the suite
/// runs on a loaded two-core machine; no figure depends on it.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct Client {
    /// The child process when the server runs as one (the benchmark); killed on drop.
    process: Option<tokio::process::Child>,
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read but not yet asked for.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    pub fn new<R, W>(from_server: R, to_server: W) -> Self
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        Self::with_settings(from_server, to_server, Value::Null)
    }

    /// A client that answers `workspace/configuration` from `settings`, an object keyed by
    /// section (`{"yaml": {...}}`).
    pub fn with_settings<R, W>(from_server: R, to_server: W, settings: Value) -> Self
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (outgoing, mut queue) = mpsc::unbounded_channel::<Vec<u8>>();
        tokio::spawn(async move {
            let mut to_server = to_server;
            while let Some(bytes) = queue.recv().await {
                if to_server.write_all(&bytes).await.is_err() || to_server.flush().await.is_err() {
                    break;
                }
            }
        });
        let (deliver, incoming) = mpsc::unbounded_channel();
        let replies = outgoing.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(from_server);
            while let Some(message) = read_message(&mut reader).await {
                // Requests from the server get an empty success, as a plain client gives.
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                    let answer = match method.as_str() {
                        Some("workspace/configuration") => {
                            let items = message["params"]["items"].as_array().cloned();
                            Value::Array(
                                items
                                    .unwrap_or_default()
                                    .iter()
                                    .map(|item| {
                                        let section = item["section"].as_str().unwrap_or_default();
                                        settings.get(section).cloned().unwrap_or(Value::Null)
                                    })
                                    .collect(),
                            )
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": answer});
                    let _ = replies.send(frame(&reply));
                }
                if deliver.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            process: None,
            outgoing,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
        }
    }

    /// Starts `command` and speaks LSP over its stdin and stdout.
    pub fn spawn(mut command: tokio::process::Command, settings: Value) -> std::io::Result<Self> {
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let (Some(stdout), Some(stdin)) = (child.stdout.take(), child.stdin.take()) else {
            return Err(std::io::Error::other("the server's pipes"));
        };
        let mut client = Self::with_settings(stdout, stdin, settings);
        client.process = Some(child);
        Ok(client)
    }

    /// The server process's id, when it runs as one.
    pub fn process_id(&self) -> Option<u32> {
        self.process.as_ref().and_then(tokio::process::Child::id)
    }

    /// Sends raw bytes (malformed-message tests).
    pub fn send_bytes(&self, bytes: Vec<u8>) {
        let _ = self.outgoing.send(bytes);
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send_bytes(frame(
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
    }

    /// Sends a request and returns its id, without waiting for the answer.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_bytes(frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        id
    }

    /// The whole response (`result` or `error`) to request `id`.
    pub async fn response(&mut self, id: i64) -> Value {
        self.wait_for(|message| {
            message.get("id") == Some(&json!(id)) && message.get("method").is_none()
        })
        .await
    }

    /// Sends a request and returns its `result`, panicking on an error response.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let response = self.response(id).await;
        match response.get("error") {
            Some(error) => panic!("{method} failed: {error}"),
            None => response.get("result").cloned().unwrap_or(Value::Null),
        }
    }

    /// The first message (in arrival order, earlier ones first) that satisfies `accept`; the
    /// others stay for later calls.
    pub async fn wait_for(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(found) = self.take_from_backlog(&accept) {
            return found;
        }
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.incoming.recv()).await {
                Ok(Some(message)) if accept(&message) => return message,
                Ok(Some(message)) => self.backlog.push_back(message),
                Ok(None) => panic!("the server closed its output"),
                Err(_) => panic!(
                    "no expected message within {PATIENCE:?}; received meanwhile: {:#?}",
                    self.backlog
                ),
            }
        }
    }

    /// Messages that arrived so far and were not taken, without waiting.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push_back(message);
        }
        self.backlog.drain(..).collect()
    }

    /// The next notification `method` (e.g. `textDocument/publishDiagnostics`) for which
    /// `accept` holds on its params.
    pub async fn notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let message = self
            .wait_for(|message| {
                message.get("method").and_then(Value::as_str) == Some(method)
                    && message.get("id").is_none()
                    && message.get("params").is_some_and(&accept)
            })
            .await;
        message.get("params").cloned().unwrap_or(Value::Null)
    }

    fn take_from_backlog(&mut self, accept: &impl Fn(&Value) -> bool) -> Option<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push_back(message);
        }
        let index = self.backlog.iter().position(accept)?;
        self.backlog.remove(index)
    }
}

pub fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

async fn read_message<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}
