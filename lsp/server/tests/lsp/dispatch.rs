//! How messages are run: notifications in order, requests on consistent snapshots, panics
//! caught, `$/cancelRequest`, malformed messages, `shutdown` and `exit`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tekton_lsp::server::{Backend, Exit};
use tower_lsp_server::LspServiceBuilder;

use crate::client::frame;
use crate::harness::{Setup, TEXT_METHOD, TestServer, inspection};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_apply_in_order_and_each_request_sees_exactly_the_edits_before_it() {
    let mut server = TestServer::start().await;
    let uri = server.open("order.yaml", "").await.uri;
    let mut expected = String::new();
    let mut asked = Vec::new();
    for step in 0..300 {
        // Appends at the end: each edit's position is only right if every earlier edit was
        // applied first.
        let character = expected.len();
        let letter = char::from(b'a' + (step % 26) as u8);
        server.change(
            &uri,
            json!([{"range": {"start": {"line": 0, "character": character},
                              "end": {"line": 0, "character": character}},
                    "text": letter.to_string()}]),
        );
        expected.push(letter);
        if step % 3 == 0 {
            let id = server.client.send_request(TEXT_METHOD, json!({"uri": uri}));
            asked.push((id, expected.clone()));
        }
    }
    for (id, text) in asked {
        let response = server.client.response(id).await;
        assert_eq!(response["result"], json!(text), "request {id}");
    }
}

fn with_faults(service: LspServiceBuilder<Backend>) -> LspServiceBuilder<Backend> {
    inspection(service)
        .custom_method("tekton-test/panic", |backend: &Backend, (): ()| {
            backend.request(
                "tekton-test/panic",
                (),
                |_, ()| -> tower_lsp_server::jsonrpc::Result<()> {
                    panic!("deliberate panic in a request handler")
                },
            )
        })
        .custom_method(
            "tekton-test/panicNotification",
            |backend: &Backend, (): ()| {
                backend.notify("tekton-test/panicNotification", (), |_, ()| {
                    panic!("deliberate panic in a notification handler")
                });
                std::future::ready(())
            },
        )
        .custom_method("tekton-test/slow", |backend: &Backend, (): ()| {
            backend.request("tekton-test/slow", (), |_, ()| {
                // Runs until the test releases it (or a minute passes), like a request stuck on
                // a huge workspace.
                let start = Instant::now();
                while !RELEASE_SLOW.load(Ordering::SeqCst)
                    && start.elapsed() < Duration::from_secs(60)
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(())
            })
        })
}

static RELEASE_SLOW: AtomicBool = AtomicBool::new(false);

fn is_log_about(message: &Value, text: &str) -> bool {
    message["method"] == "window/logMessage"
        && message["params"]["message"]
            .as_str()
            .is_some_and(|logged| logged.contains(text))
}

#[tokio::test]
async fn a_panicking_handler_is_logged_answered_with_an_error_and_the_server_keeps_serving() {
    let mut server = TestServer::with(Setup {
        extend: with_faults,
        ..Setup::default()
    })
    .await;
    let uri = server.open("a.yaml", "a: 1\n").await.uri;

    let id = server.client.send_request("tekton-test/panic", Value::Null);
    let response = server.client.response(id).await;
    assert_eq!(response["error"]["code"], json!(-32603), "{response}");
    let message = response["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("deliberate panic in a request handler"),
        "{message}"
    );
    server
        .client
        .wait_for(|message| is_log_about(message, "deliberate panic in a request handler"))
        .await;

    server
        .client
        .notify("tekton-test/panicNotification", Value::Null);
    server
        .client
        .wait_for(|message| is_log_about(message, "deliberate panic in a notification handler"))
        .await;

    // Still serving, with the session intact.
    assert_eq!(server.text(&uri).await, json!("a: 1\n"));
    assert_eq!(server.shutdown().await, Exit::AfterShutdown);
}

#[tokio::test]
async fn cancel_request_answers_a_slow_request_at_once_and_the_server_keeps_serving() {
    let mut server = TestServer::with(Setup {
        extend: with_faults,
        ..Setup::default()
    })
    .await;
    let uri = server.open("a.yaml", "a: 1\n").await.uri;
    let slow = server.client.send_request("tekton-test/slow", Value::Null);
    // Other messages are handled while the slow request runs.
    assert_eq!(server.text(&uri).await, json!("a: 1\n"));
    server.client.notify("$/cancelRequest", json!({"id": slow}));
    let response = server.client.response(slow).await;
    RELEASE_SLOW.store(true, Ordering::SeqCst);
    assert_eq!(response["error"]["code"], json!(-32800), "{response}");
    assert_eq!(server.text(&uri).await, json!("a: 1\n"));
}

#[tokio::test]
async fn malformed_messages_get_json_rpc_errors_and_the_server_keeps_serving() {
    let mut server = TestServer::start().await;
    let uri = server.open("a.yaml", "a: 1\n").await.uri;

    let body = b"{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": ";
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    server.client.send_bytes(bytes);
    let parse_error = server
        .client
        .wait_for(|message| message["error"]["code"] == json!(-32700))
        .await;
    assert_eq!(parse_error["id"], Value::Null);

    server.client.send_bytes(frame(
        &json!({"jsonrpc": "1.0", "id": 8, "method": "shutdown"}),
    ));
    let invalid = server
        .client
        .wait_for(|message| message["error"]["code"] == json!(-32600))
        .await;
    assert_eq!(invalid["id"], json!(8));

    server
        .client
        .send_bytes(b"Content-Type: application/json\r\n\r\n".to_vec());
    server
        .client
        .wait_for(|message| message["error"]["code"] == json!(-32700))
        .await;

    let unknown = server.client.send_request("tekton/noSuchMethod", json!({}));
    let response = server.client.response(unknown).await;
    assert_eq!(response["error"]["code"], json!(-32601), "{response}");

    assert_eq!(server.text(&uri).await, json!("a: 1\n"));
}

#[tokio::test]
async fn exit_after_shutdown_is_clean_and_exit_without_it_is_not() {
    let server = TestServer::start().await;
    assert_eq!(server.shutdown().await, Exit::AfterShutdown);
    let server = TestServer::start().await;
    assert_eq!(server.exit().await, Exit::WithoutShutdown);
}

#[test]
fn the_process_exits_0_after_shutdown_and_1_without() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};

    // How the client ends: `shutdown` then `exit` (waiting for the answer in between, or
    // not), or `exit` alone.
    #[derive(Clone, Copy, PartialEq)]
    enum Ending {
        ShutdownAnswered,
        ShutdownUnanswered,
        ExitAlone,
    }
    let run = |ending: Ending| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tekton-lsp"))
            .args(["serve", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start tekton-lsp serve");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut send = |message: Value| stdin.write_all(&frame(&message)).expect("write a message");
        let mut responses = 0;
        let mut await_response = || {
            // Skips headers, reads the body: enough to know the server answered.
            let mut length = 0;
            loop {
                let mut line = String::new();
                stdout.read_line(&mut line).expect("read a header");
                match line.trim().strip_prefix("Content-Length: ") {
                    Some(value) => length = value.parse().expect("a length"),
                    None if line.trim().is_empty() => break,
                    None => {}
                }
            }
            let mut body = vec![0; length];
            stdout.read_exact(&mut body).expect("read a body");
            responses += 1;
        };
        send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
        await_response();
        send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        if ending != Ending::ExitAlone {
            send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        }
        if ending == Ending::ShutdownAnswered {
            await_response();
        }
        // The server must exit on `exit` without waiting for its input to close.
        send(json!({"jsonrpc": "2.0", "method": "exit"}));
        let status = child.wait().expect("the server exits");
        drop(stdin);
        status.code()
    };
    assert_eq!(run(Ending::ShutdownAnswered), Some(0));
    // The specification asks only that `shutdown` was received before `exit`.
    assert_eq!(run(Ending::ShutdownUnanswered), Some(0));
    assert_eq!(run(Ending::ExitAlone), Some(1));
}

/// Every document request the server offers, at `position` of `uri`.
fn document_requests(uri: &str, position: Value) -> Vec<(&'static str, Value)> {
    let document = json!({"uri": uri});
    let at = json!({"textDocument": document, "position": position});
    let range = json!({"start": position, "end": position});
    vec![
        ("textDocument/completion", at.clone()),
        ("textDocument/hover", at.clone()),
        ("textDocument/definition", at.clone()),
        (
            "textDocument/references",
            json!({"textDocument": document, "position": position, "context": {"includeDeclaration": true}}),
        ),
        ("textDocument/prepareRename", at.clone()),
        (
            "textDocument/rename",
            json!({"textDocument": document, "position": position, "newName": "renamed"}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": document, "range": range, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": document}),
        ),
        (
            "textDocument/foldingRange",
            json!({"textDocument": document}),
        ),
        (
            "textDocument/selectionRange",
            json!({"textDocument": document, "positions": [position]}),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": document}),
        ),
        (
            "textDocument/documentLink",
            json!({"textDocument": document}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": document, "range": range}),
        ),
    ]
}

/// An empty answer: `null`, an empty list, or an object of empty lists (semantic tokens).
fn is_empty_answer(result: &Value) -> bool {
    match result {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.values().all(|value| match value {
            Value::Array(items) => items.is_empty(),
            _ => true,
        }),
        _ => false,
    }
}

#[tokio::test]
async fn unknown_documents_and_out_of_range_positions_get_empty_answers() {
    let mut server = TestServer::start().await;
    let known = server
        .open("pipeline.yaml", crate::fixtures::PIPELINE)
        .await
        .uri;
    let unknown = server.uri("never-opened.yaml");
    let far = json!({"line": 999, "character": 999});
    let mut cases = document_requests(&unknown, json!({"line": 0, "character": 0}));
    cases.extend(
        document_requests(&known, far)
            .into_iter()
            // Whole-document requests do not depend on the position.
            .filter(|(method, _)| {
                ![
                    "documentSymbol",
                    "foldingRange",
                    "semanticTokens/full",
                    "documentLink",
                ]
                .iter()
                .any(|whole| method.ends_with(whole))
            }),
    );
    for (method, params) in cases {
        let id = server.client.send_request(method, params.clone());
        let response = server.client.response(id).await;
        assert!(
            response.get("error").is_none() && is_empty_answer(&response["result"]),
            "{method} {params}: {response}"
        );
    }
    // Still serving.
    assert_eq!(server.text(&known).await, json!(crate::fixtures::PIPELINE));
}
