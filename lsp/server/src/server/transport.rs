//! The byte stream between the client and `tower-lsp-server`, with malformed messages answered
//! here.
//!
//! `tower-lsp-server` reads its input through a `tokio-util` framed reader, which ends the
//! stream after the first message it cannot decode (tokio#3976): one bad message from a
//! client would stop the server. So every message is read here first. A well-formed one is
//! passed on unchanged; a body that is not JSON gets a `-32700 Parse error`, and JSON that is
//! not a JSON-RPC message a `-32600 Invalid Request` (with its `id` when it has one), and the
//! server reads on. The answers are written between the server's own messages, never inside
//! one.
//!
//! The relay also notes a `shutdown` request as it arrives: the specification makes `exit`
//! clean once `shutdown` has been received, and a client may send `exit` before the answer,
//! which `tower-lsp-server` then drops unanswered.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Room in the pipes between this module and the server; messages larger than this simply
/// take several writes.
const PIPE: usize = 1 << 16;

/// A message read from the client.
#[derive(Debug, PartialEq, Eq)]
enum Incoming {
    /// Well-formed: its body, for the server, and whether it is the `shutdown` request.
    Message { body: Vec<u8>, shutdown: bool },
    /// Malformed: the error response the client gets instead.
    Malformed(Value),
    /// The input ended.
    End,
}

/// The relay's ends of the pipes to `tower-lsp-server`.
pub struct Relay {
    to_server: DuplexStream,
    from_server: DuplexStream,
}

/// Pipes for `tower-lsp-server`: it reads client messages from the first stream and writes to
/// the second; the [`Relay`] runs the other ends.
pub fn pipes() -> (DuplexStream, DuplexStream, Relay) {
    let (to_server, server_input) = tokio::io::duplex(PIPE);
    let (server_output, from_server) = tokio::io::duplex(PIPE);
    (
        server_input,
        server_output,
        Relay {
            to_server,
            from_server,
        },
    )
}

impl Relay {
    /// The two tasks that move bytes: the first reads the client's input until it ends (and
    /// sets `shutdown` when the `shutdown` request arrives), the second writes to the client
    /// until the server's output ends.
    pub fn run<I, O>(
        self,
        input: I,
        output: O,
        shutdown: Arc<AtomicBool>,
    ) -> (
        impl Future<Output = ()> + use<I, O>,
        impl Future<Output = ()> + use<I, O>,
    )
    where
        I: AsyncRead + Unpin,
        O: AsyncWrite,
    {
        let (errors, error_queue) = mpsc::unbounded_channel();
        (
            forward_input(input, self.to_server, errors, shutdown),
            write_output(self.from_server, error_queue, output),
        )
    }
}

async fn forward_input<I: AsyncRead + Unpin>(
    input: I,
    mut to_server: DuplexStream,
    errors: mpsc::UnboundedSender<Value>,
    shutdown: Arc<AtomicBool>,
) {
    let mut input = BufReader::new(input);
    loop {
        match read(&mut input).await {
            Incoming::Message {
                body,
                shutdown: is_shutdown,
            } => {
                if is_shutdown {
                    shutdown.store(true, Ordering::SeqCst);
                }
                if to_server.write_all(&frame(&body)).await.is_err() {
                    return;
                }
            }
            Incoming::Malformed(error) => {
                if errors.send(error).is_err() {
                    return;
                }
            }
            Incoming::End => return,
        }
    }
}

async fn write_output<O: AsyncWrite>(
    from_server: DuplexStream,
    mut errors: mpsc::UnboundedReceiver<Value>,
    output: O,
) {
    // Reading a message is not cancel-safe, so the server's messages are read on their own
    // and the writer picks whichever queue has one.
    let (messages, mut message_queue) = mpsc::unbounded_channel();
    let read_server = async move {
        let mut from_server = BufReader::new(from_server);
        // The server writes only well-formed messages; anything else ends its output.
        while let Incoming::Message { body, .. } = read(&mut from_server).await {
            if messages.send(body).is_err() {
                return;
            }
        }
    };
    let write = async move {
        let mut output = std::pin::pin!(output);
        loop {
            let bytes = tokio::select! {
                biased;
                message = message_queue.recv() => match message {
                    Some(body) => frame(&body),
                    None => break,
                },
                Some(error) = errors.recv() => frame(error.to_string().as_bytes()),
            };
            if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                return;
            }
        }
    };
    tokio::join!(read_server, write);
}

/// Reads one message: headers up to an empty line, then `Content-Length` bytes of body.
async fn read<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Incoming {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line).await {
            Ok(0) | Err(_) => return Incoming::End,
            Ok(_) => {}
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        return Incoming::Malformed(error_response(
            Value::Null,
            -32700,
            "Parse error: a message without a valid Content-Length header",
        ));
    };
    let mut body = vec![0; length];
    if input.read_exact(&mut body).await.is_err() {
        return Incoming::End;
    }
    check(body)
}

fn check(body: Vec<u8>) -> Incoming {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(_) => return Incoming::Malformed(error_response(Value::Null, -32700, "Parse error")),
    };
    // Exactly what the server's own decoder accepts passes.
    let is_message = serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok();
    if is_message {
        let shutdown = value.get("method").and_then(Value::as_str) == Some("shutdown")
            && value.get("id").is_some();
        return Incoming::Message { body, shutdown };
    }
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    Incoming::Malformed(error_response(id, -32600, "Invalid Request"))
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_pass_and_malformed_ones_get_errors() {
        let request = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#.to_vec();
        assert_eq!(
            check(request.clone()),
            Incoming::Message {
                body: request,
                shutdown: true
            }
        );
        let notification = br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec();
        assert_eq!(
            check(notification.clone()),
            Incoming::Message {
                body: notification,
                shutdown: false
            }
        );
        assert_eq!(
            check(b"{\"jsonrpc\":".to_vec()),
            Incoming::Malformed(error_response(Value::Null, -32700, "Parse error"))
        );
        assert_eq!(
            check(br#"{"jsonrpc":"1.0","id":"a","method":"x"}"#.to_vec()),
            Incoming::Malformed(error_response(json!("a"), -32600, "Invalid Request"))
        );
        assert_eq!(
            check(b"[1, 2]".to_vec()),
            Incoming::Malformed(error_response(Value::Null, -32600, "Invalid Request"))
        );
    }
}
