//! The editor features (tekton-ide) through the protocol: positions in the negotiated encoding,
//! edits and locations across files, refusals as errors, what the server announces.

use serde_json::{Value, json};

use crate::fixtures::{PIPELINE, TASK};
use crate::harness::{Cursor, Setup, TestServer};

/// A server with the Task `build` on disk (indexed, not open).
async fn with_task() -> TestServer {
    TestServer::with(Setup {
        files: vec![("build.yaml".to_owned(), TASK.to_owned())],
        ..Setup::default()
    })
    .await
}

fn labels(result: &Value) -> Vec<&str> {
    result["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["label"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

fn item<'a>(result: &'a Value, label: &str) -> &'a Value {
    result["items"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["label"] == label))
        .unwrap_or_else(|| panic!("no item {label} in {result:#}"))
}

#[tokio::test]
async fn the_server_announces_the_editor_features() {
    let server = TestServer::start().await;
    let result = json!({"capabilities": server.capabilities});
    let capabilities = &result["capabilities"];
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
        "inlayHintProvider",
    ] {
        assert_eq!(capabilities[provider], json!(true), "{provider}");
    }
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll"])
    );
    assert_eq!(
        capabilities["semanticTokensProvider"]["legend"]["tokenTypes"],
        json!(["variable", "parameter", "property"])
    );
    assert!(capabilities["completionProvider"]["triggerCharacters"].is_array());
    assert_eq!(
        capabilities["documentLinkProvider"]["resolveProvider"],
        false
    );
}

#[tokio::test]
async fn completion_in_half_typed_text_with_utf16_positions() {
    let task = TASK.replace("  steps:", "  results:\n    - name: digest\n  steps:");
    let mut server = TestServer::with(Setup {
        files: vec![("build.yaml".to_owned(), task)],
        ..Setup::default()
    })
    .await;
    // `🚀` is two UTF-16 code units: the edit must start right after `$(`, counted in them.
    let text = format!(
        "{PIPELINE}      params:\n        - name: url\n          value: x\n    - name: test\n      runAfter: [build]\n      params:\n        - name: url\n          value: \"🚀 $(tasks.build.█\"\n      taskRef:\n        name: build\n"
    );
    let cursor = server.open("pipeline.yaml", &text).await;
    let result = server
        .request("textDocument/completion", cursor.params())
        .await;
    assert_eq!(labels(&result), ["tasks.build.results.digest"]);
    let edit = &item(&result, "tasks.build.results.digest")["textEdit"];
    let character = cursor.position["character"].as_u64().expect("a column");
    assert_eq!(
        edit["range"]["start"]["character"],
        character - "tasks.build.".len() as u64
    );
    assert_eq!(edit["newText"], "tasks.build.results.digest)");
    // `runAfter: [` in the task that runs first: `test` runs after it, so nothing fits.
    let first = text.replace(
        "    - name: build\n",
        "    - name: build\n      runAfter: [█\n",
    );
    let cursor = server
        .open(
            "first.yaml",
            &first.replace("$(tasks.build.█", "$(tasks.build."),
        )
        .await;
    let result = server
        .request("textDocument/completion", cursor.params())
        .await;
    assert_eq!(labels(&result), Vec::<&str>::new());
}

#[tokio::test]
async fn completion_in_the_half_typed_cases_through_the_protocol() {
    let mut server = with_task().await;
    let head = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\nspec:\n  params:\n    - name: repo\n  tasks:\n    - name: build\n      taskRef:\n        name: build\n";
    let cases: [(&str, String, &[&str]); 8] = [
        ("run-after", format!("{head}    - name: test\n      runAfter: [█\n"), &["build"]),
        ("params", format!("{head}      params:\n        - name: url\n          value: $(params.█\n"), &["params.repo"]),
        ("no-colon", format!("{head}      timeo█\n"), &["timeout"]),
        ("second-document", format!("---\n{head}---\napiVersion: tekton.dev/v1\nkind: TaskRun\nspec:\n  taskRef:\n    name: █\n"), &["build"]),
        ("empty", "█".to_owned(), &["apiVersion"]),
        ("tabs", "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n\tsteps:\n\t  - name: a\n\t    onError: █\n".to_owned(), &["continue", "stopAndFail"]),
        ("non-ascii", format!("{head}      params:\n        - name: url\n          value: \"日本 $(params.█\"\n"), &["params.repo"]),
        ("task-params", format!("{head}      params:\n        - name: █\n"), &["url"]),
    ];
    for (name, text, expected) in cases {
        let cursor = server.open(&format!("{name}.yaml"), &text).await;
        let result = server
            .request("textDocument/completion", cursor.params())
            .await;
        let found = labels(&result);
        assert!(
            expected.iter().all(|label| found.contains(label)),
            "{name}: {found:?}"
        );
    }
    // A character past the end of its line means the end of the line.
    let cursor = server
        .open("past-end.yaml", "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  params:\n    - name: x\n      type:█\n")
        .await;
    let mut params = cursor.params();
    params["position"]["character"] = json!(99);
    let result = server.request("textDocument/completion", params).await;
    assert_eq!(labels(&result), ["array", "object", "string"]);
    assert_eq!(item(&result, "string")["textEdit"]["newText"], " string");
}

#[tokio::test]
async fn completion_offers_snippets_or_plain_text_as_the_client_supports() {
    let text = "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - █\n";
    let mut server = TestServer::start().await;
    let cursor = server.open("task.yaml", text).await;
    let result = server
        .request("textDocument/completion", cursor.params())
        .await;
    let step = item(&result, "step");
    assert_eq!(step["insertTextFormat"], 2);
    assert_eq!(step["insertTextMode"], 1);
    assert_eq!(
        step["textEdit"]["newText"],
        "name: ${1:step}\n      image: ${2:image}\n      script: |\n        $0"
    );
    let mut plain = TestServer::with(Setup {
        snippets: false,
        ..Setup::default()
    })
    .await;
    let cursor = plain.open("task.yaml", text).await;
    let result = plain
        .request("textDocument/completion", cursor.params())
        .await;
    let step = item(&result, "step");
    assert_eq!(step["insertTextFormat"], 1);
    assert_eq!(
        step["textEdit"]["newText"],
        "name: step\n      image: image\n      script: |\n        "
    );
}

#[tokio::test]
async fn hover_definition_and_references_across_files() {
    let mut server = with_task().await;
    let text = PIPELINE.replace("        name: build", "        name: bu█ild");
    let cursor = server.open("pipeline.yaml", &text).await;
    let hover = server.request("textDocument/hover", cursor.params()).await;
    assert_eq!(hover["contents"]["kind"], "markdown");
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.starts_with("**Task `build`**")
            && markdown.contains("| `url` | string | *required* |"),
        "{markdown}"
    );
    let definition = server
        .request("textDocument/definition", cursor.params())
        .await;
    assert_eq!(
        definition,
        json!([{"uri": server.uri("build.yaml"), "range": {"start": {"line": 3, "character": 8}, "end": {"line": 3, "character": 13}}}])
    );
    // The Task's param, from its declaration: the step's reference and nothing else yet.
    let task_cursor = Cursor {
        uri: server.uri("build.yaml"),
        position: json!({"line": 6, "character": 12}),
    };
    let mut params = task_cursor.params();
    params["context"] = json!({"includeDeclaration": false});
    let references = server.request("textDocument/references", params).await;
    assert_eq!(
        references,
        json!([{"uri": server.uri("build.yaml"), "range": {"start": {"line": 10, "character": 28}, "end": {"line": 10, "character": 31}}}])
    );
}

#[tokio::test]
async fn rename_across_files_and_refusals() {
    let mut server = with_task().await;
    let text = format!("{PIPELINE}      params:\n        - name: u█rl\n          value: x\n");
    let cursor = server.open("pipeline.yaml", &text).await;
    let prepared = server
        .request("textDocument/prepareRename", cursor.params())
        .await;
    assert_eq!(prepared["placeholder"], "url");
    let mut params = cursor.params();
    params["newName"] = json!("repository");
    let edit = server.request("textDocument/rename", params).await;
    let changes = edit["changes"].as_object().expect("changes by file");
    let mut files: Vec<&String> = changes.keys().collect();
    files.sort();
    assert_eq!(
        files,
        [&server.uri("build.yaml"), &server.uri("pipeline.yaml")]
    );
    assert_eq!(
        changes[&server.uri("build.yaml")].as_array().map(Vec::len),
        Some(2)
    );
    // An invalid name is refused with a message the editor shows.
    let mut params = cursor.params();
    params["newName"] = json!("2x");
    let id = server.client.send_request("textDocument/rename", params);
    let response = server.client.response(id).await;
    assert_eq!(response["error"]["code"], -32803);
    assert_eq!(
        response["error"]["message"],
        "`2x` is not a valid param name: use a letter or `_` followed by letters, digits, `_` or `-`"
    );
}

#[tokio::test]
async fn quick_fix_and_fix_all_for_a_missing_param() {
    let mut server = with_task().await;
    let cursor = server.open("pipeline.yaml", &format!("{PIPELINE}█")).await;
    let at = json!({"start": {"line": 8, "character": 14}, "end": {"line": 8, "character": 14}});
    let actions = server
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": cursor.uri}, "range": at, "context": {"diagnostics": []}}),
        )
        .await;
    let titles: Vec<&str> = actions
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|action| action["title"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        titles,
        ["add param `url`", "Fix all auto-fixable problems (1 fix)"]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "run-param-missing");
    assert_eq!(
        actions[0]["edit"]["changes"][cursor.uri.as_str()],
        json!([{"range": {"start": {"line": 8, "character": 19}, "end": {"line": 8, "character": 19}}, "newText": "\n      params:\n        - name: url\n          value: \"\""}])
    );
    // Asking for source actions only.
    let fix_all = server
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": cursor.uri}, "range": at, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    assert_eq!(fix_all.as_array().map(Vec::len), Some(1));
    assert_eq!(fix_all[0]["kind"], "source.fixAll");
}

#[tokio::test]
async fn structure_of_a_file() {
    let task = TASK.replace(
        "    - name: url\n",
        "    - name: url\n    - name: depth\n      default: \"1\"\n",
    );
    let mut server = TestServer::with(Setup {
        files: vec![("build.yaml".to_owned(), task)],
        ..Setup::default()
    })
    .await;
    // `é` before the reference: token columns are counted in UTF-16 units.
    let text = format!(
        "{PIPELINE}      params:\n        - name: url\n          value: \"é $(params.repo)\"\n"
    )
    .replace("        name: build", "        name: bu█ild");
    let cursor = server.open("pipeline.yaml", &text).await;
    let document = json!({"textDocument": {"uri": cursor.uri}});
    let symbols = server
        .request("textDocument/documentSymbol", document.clone())
        .await;
    assert_eq!(symbols[0]["name"], "Pipeline ci");
    assert_eq!(symbols[0]["children"][0]["name"], "tasks");
    assert_eq!(
        symbols[0]["children"][0]["children"][0]["detail"],
        "→ build"
    );
    let folds = server
        .request("textDocument/foldingRange", document.clone())
        .await;
    assert!(
        folds
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["startLine"] == 5 && f["endLine"] == 11)),
        "{folds:#}"
    );
    let tokens = server
        .request("textDocument/semanticTokens/full", document.clone())
        .await;
    // `params` at line 11, column 22 (after `"é $(`: `é` is one UTF-16 unit), then `repo`.
    assert_eq!(tokens["data"], json!([11, 22, 6, 0, 0, 0, 7, 4, 1, 0]));
    let links = server
        .request("textDocument/documentLink", document.clone())
        .await;
    assert_eq!(
        links[0]["target"],
        format!("{}#L4", server.uri("build.yaml"))
    );
    let ranges = server
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": {"uri": cursor.uri}, "positions": [cursor.position]}),
        )
        .await;
    assert_eq!(
        ranges[0]["range"],
        json!({"start": {"line": 8, "character": 14}, "end": {"line": 8, "character": 19}})
    );
    assert_eq!(
        ranges[0]["parent"]["range"],
        json!({"start": {"line": 8, "character": 8}, "end": {"line": 8, "character": 19}})
    );
    let hints = server
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": cursor.uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}}),
        )
        .await;
    assert_eq!(hints[0]["position"], json!({"line": 9, "character": 13}));
    assert_eq!(hints[0]["label"], "depth = \"1\"");
    assert_eq!(hints.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn best_practice_fixes_reach_the_editor_as_quick_fixes() {
    let mut server = TestServer::start().await;
    let text = "apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata:\n  name: old\nspec:\n  \
                params:\n    - name: verbose\n  steps:\n    - name: build\n      \
                image: golang:1.23\n      resources:\n        limits:\n          cpu: \"2\"\n      \
                script: go build ./...\n";
    let uri = server.open("old.yaml", text).await.uri;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let tags = |rule: &str| {
        diagnostics
            .iter()
            .find(|d| d["code"] == rule)
            .map(|d| d["tags"].clone())
    };
    // Unnecessary (1) fades the unused param; Deprecated (2) strikes the old apiVersion.
    assert_eq!(tags("param-unused"), Some(json!([1])), "{diagnostics:#?}");
    assert_eq!(
        tags("api-version-v1beta1"),
        Some(json!([2])),
        "{diagnostics:#?}"
    );
    let titles_at = |line: u32| {
        let at = json!({"start": {"line": line, "character": 14}, "end": {"line": line, "character": 14}});
        json!({"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}})
    };
    let actions = server
        .request("textDocument/codeAction", titles_at(6))
        .await;
    assert_eq!(actions[0]["title"], "remove the declaration of `verbose`");
    assert_eq!(
        actions[0]["edit"]["changes"][uri.as_str()],
        json!([{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 7, "character": 0}}, "newText": ""}])
    );
    let actions = server
        .request("textDocument/codeAction", titles_at(0))
        .await;
    assert_eq!(actions[0]["title"], "convert the document to tekton.dev/v1");
    assert_eq!(
        actions[0]["edit"]["changes"][uri.as_str()],
        json!([
            {"range": {"start": {"line": 0, "character": 23}, "end": {"line": 0, "character": 30}}, "newText": "v1"},
            {"range": {"start": {"line": 10, "character": 6}, "end": {"line": 10, "character": 15}}, "newText": "computeResources"}
        ])
    );
}
