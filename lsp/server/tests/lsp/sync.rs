//! Document synchronisation: incremental edits, position encodings, CRLF and non-ASCII text.

use serde_json::json;

use crate::harness::{Setup, TestServer};

fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> serde_json::Value {
    json!({"range": {"start": {"line": start.0, "character": start.1},
                     "end": {"line": end.0, "character": end.1}},
           "text": text})
}

#[tokio::test]
async fn incremental_edits_apply_in_order_in_utf16() {
    let mut server = TestServer::start().await;
    let uri = server
        .open("task.yaml", "metadata:\r\n  name: \"é𝄞 build\"\r\n")
        .await
        .uri;
    // UTF-16: `é` is one unit, `𝄞` two, so ` build` starts at character 12.
    server.change(
        &uri,
        json!([edit((1, 12), (1, 18), "-x"), edit((1, 9), (1, 10), "e")]),
    );
    assert_eq!(
        server.text(&uri).await,
        json!("metadata:\r\n  name: \"e𝄞-x\"\r\n")
    );
    // Past the end of a CRLF line: inserted before the "\r\n".
    server.change(&uri, json!([edit((0, 40), (0, 40), " # end")]));
    assert_eq!(
        server.text(&uri).await,
        json!("metadata: # end\r\n  name: \"e𝄞-x\"\r\n")
    );
    // A whole-document change replaces everything.
    server.change(&uri, json!([{"text": "kind: Task\n"}]));
    assert_eq!(server.text(&uri).await, json!("kind: Task\n"));
}

#[tokio::test]
async fn utf8_positions_when_the_client_offers_them() {
    let mut server = TestServer::with(Setup {
        utf8: true,
        ..Setup::default()
    })
    .await;
    let uri = server.open("task.yaml", "name: \"é𝄞 build\"\n").await.uri;
    // UTF-8: `é` is two bytes, `𝄞` four, so ` build` starts at character 13.
    server.change(&uri, json!([edit((0, 13), (0, 19), "")]));
    assert_eq!(server.text(&uri).await, json!("name: \"é𝄞\"\n"));
}

#[tokio::test]
async fn edits_out_of_range_are_clamped_and_unknown_documents_ignored() {
    let mut server = TestServer::start().await;
    let uri = server.open("task.yaml", "a: 1\n").await.uri;
    server.change(&uri, json!([edit((9, 0), (12, 4), "b: 2\n")]));
    assert_eq!(server.text(&uri).await, json!("a: 1\nb: 2\n"));
    let unknown = server.uri("never-opened.yaml");
    server.change(&unknown, json!([edit((0, 0), (0, 0), "x")]));
    assert_eq!(server.text(&unknown).await, json!(null));
    assert_eq!(server.text(&uri).await, json!("a: 1\nb: 2\n"));
}

#[tokio::test]
async fn an_edit_at_a_cursor_after_non_ascii_text() {
    for utf8 in [false, true] {
        let mut server = TestServer::with(Setup {
            utf8,
            ..Setup::default()
        })
        .await;
        let cursor = server
            .open("task.yaml", "description: \"日本語 😀 █\"\n")
            .await;
        let params = cursor.params();
        assert_eq!(params["textDocument"]["uri"], json!(cursor.uri));
        server.change(
            &cursor.uri,
            json!([{"range": {"start": cursor.position, "end": cursor.position}, "text": "ok"}]),
        );
        assert_eq!(
            server.text(&cursor.uri).await,
            json!("description: \"日本語 😀 ok\"\n"),
            "utf8: {utf8}"
        );
    }
}
