//! The span tree: structure, decoded values, resolved types and exact spans, as readable
//! snapshots (`text@start..end` for every node).

use std::fmt::Write;

use tekton_analysis::syntax::{NodeId, NodeKind, PathSegment, SyntaxTree, parse, to_json};

fn dump(text: &str) -> String {
    let tree = parse(text);
    let mut out = String::new();
    for (i, document) in tree.documents().iter().enumerate() {
        let _ = writeln!(
            out,
            "document {i} @{}..{}",
            document.span.start, document.span.end
        );
        if let Some(root) = document.root {
            dump_node(&tree, text, root, 1, &mut out);
        }
    }
    for comment in tree.comments() {
        let _ = writeln!(
            out,
            "comment {:?} @{}..{}",
            comment.text, comment.span.start, comment.span.end
        );
    }
    for error in tree.errors() {
        let _ = writeln!(
            out,
            "error {:?} @{}..{} {:?}",
            error.message,
            error.span.start,
            error.span.end,
            &text[error.span.start..error.span.end]
        );
    }
    out
}

fn dump_node(tree: &SyntaxTree, text: &str, id: NodeId, depth: usize, out: &mut String) {
    let node = tree.node(id);
    let pad = "  ".repeat(depth);
    let mut props = String::new();
    if let Some(anchor) = &node.anchor {
        let _ = write!(props, " &{anchor}");
    }
    if let Some(tag) = &node.tag {
        let _ = write!(props, " {tag}");
    }
    if node.has_error {
        props.push_str(" (has error)");
    }
    let at = format!("@{}..{}", node.span.start, node.span.end);
    match &node.kind {
        NodeKind::Scalar(scalar) => {
            let _ = writeln!(
                out,
                "{pad}{:?} {:?} = {:?}{props} {at} src={:?}",
                scalar.style,
                scalar.resolved,
                scalar.value,
                &text[node.span.start..node.span.end]
            );
        }
        NodeKind::Alias { name, target } => {
            let _ = writeln!(out, "{pad}*{name} -> {target:?}{props} {at}");
        }
        NodeKind::Sequence(items) => {
            let _ = writeln!(out, "{pad}sequence{props} {at}");
            for &item in items {
                dump_node(tree, text, item, depth + 1, out);
            }
        }
        NodeKind::Mapping(entries) => {
            let _ = writeln!(out, "{pad}mapping{props} {at}");
            for entry in entries {
                let _ = writeln!(
                    out,
                    "{pad}- entry @{}..{}",
                    entry.span.start, entry.span.end
                );
                match entry.key {
                    Some(key) => dump_node(tree, text, key, depth + 2, out),
                    None => {
                        let _ = writeln!(out, "{pad}    <no key>");
                    }
                }
                match entry.value {
                    Some(value) => dump_node(tree, text, value, depth + 2, out),
                    None => {
                        let _ = writeln!(out, "{pad}    <no value>");
                    }
                }
            }
        }
    }
}

#[test]
fn block_and_flow_styles() {
    insta::assert_snapshot!(dump(
        "a: 1\nb: [x, 'y''s', {c: \"d\\te\"}]\nc: |\n  line 1\n  line 2\nd: >-\n  folded\n  text\ne:\nf: [k: v]\n"
    ));
}

#[test]
fn documents_comments_anchors() {
    insta::assert_snapshot!(dump(
        "# head\nkind: A # trailing\n---\nbase: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n--- \n...\n"
    ));
}

#[test]
fn kubernetes_scalar_types() {
    insta::assert_snapshot!(dump(
        "- yes\n- on\n- 'on'\n- 0x10\n- 010\n- 1e3\n- ~\n- 1.0.0\n- !!str 12\n- \"é\"\n-\n"
    ));
}

#[test]
fn syntax_errors_keep_the_rest() {
    insta::assert_snapshot!(dump(
        "spec:\n  tasks:\n    - name: a\n      runAfter: [fetch\n    - name: b\n      taskRef:\n        na\n---\nkind: Task\n"
    ));
    insta::assert_snapshot!("collapsed_first_line", dump("a: b: c\nd: e\n"));
    insta::assert_snapshot!("unclosed_quote", dump("foo: \"bar\nbaz: 1\n"));
    // Beyond repair: one error, on the tab that causes it.
    insta::assert_snapshot!("tab_indentation", dump("a:\n\t- b\n---\nc: d\n"));
}

#[test]
fn json_value_follows_kubernetes() {
    let text = "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\nflag: on\nnum: 0x10\nempty:\nlist: [a, *b]\n";
    let tree = parse(text);
    let root = tree.documents()[0].root.expect("root");
    let json = to_json(&tree, root).expect("within budget");
    assert!(json.collection_keys.is_empty());
    insta::assert_snapshot!(serde_json::to_string_pretty(&json.value).expect("json"));
}

#[test]
fn deep_text_in_block_scalars_is_not_nesting() {
    let deep = " ".repeat(150);
    let text = format!("script: |\n  echo\n{deep}indented\nnext: 1\n");
    let tree = parse(&text);
    assert!(tree.errors().is_empty(), "{:?}", tree.errors());
    let root = tree.documents()[0].root.expect("root");
    let script = tree
        .entry(root, "script")
        .and_then(|e| e.value)
        .expect("script");
    assert_eq!(
        tree.str_value(script),
        Some(format!("echo\n{}indented\n", " ".repeat(148)).as_str())
    );
}

#[test]
fn collection_keys_are_reported() {
    let text = "value: {{PLACEHOLDER}}\n";
    let tree = parse(text);
    let root = tree.documents()[0].root.expect("root");
    let json = to_json(&tree, root).expect("within budget");
    let spans: Vec<&str> = json
        .collection_keys
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(spans, ["{PLACEHOLDER}"]);
}

#[test]
fn alias_bomb_is_refused() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let tree = parse(&text);
    let root = tree.documents()[0].root.expect("root");
    assert!(to_json(&tree, root).is_err());
}

#[test]
fn locate_and_cursor() {
    let text = "spec:\n  tasks:\n    - name: build\n      runAfter: [a]\n      params:\n";
    let tree = parse(text);
    let root = tree.documents()[0].root.expect("root");
    let path = [
        PathSegment::Key("spec".into()),
        PathSegment::Key("tasks".into()),
        PathSegment::Index(0),
        PathSegment::Key("runAfter".into()),
    ];
    let located = tree.locate(root, &path).expect("found");
    let key = located.key_span.expect("key");
    assert_eq!(&text[key.start..key.end], "runAfter");
    assert_eq!(
        &text[located.value_span.start..located.value_span.end],
        "[a]"
    );
    // A key without a value: the value span falls back to the key.
    let mut params = path.to_vec();
    params[3] = PathSegment::Key("params".into());
    let located = tree.locate(root, &params).expect("found");
    assert_eq!(located.node, None);
    assert_eq!(
        &text[located.value_span.start..located.value_span.end],
        "params"
    );

    // The same place as a JSON pointer.
    let pointer = PathSegment::parse_pointer("/spec/tasks/0/runAfter");
    assert_eq!(
        tree.locate(root, &pointer).map(|l| l.value_span),
        Some(located_value(&tree, root, &path))
    );

    let offset = text.find("build").expect("build") + 2;
    let cursor = tree.cursor_path(root, offset);
    assert_eq!(
        cursor.path,
        path[..3]
            .iter()
            .cloned()
            .chain([PathSegment::Key("name".into())])
            .collect::<Vec<_>>()
    );
    assert!(!cursor.on_key);
    let cursor = tree.cursor_path(root, text.find("runAfter").expect("runAfter") + 1);
    assert!(cursor.on_key);
    let value = cursor.node.expect("runAfter has a value");
    assert!(matches!(tree.node(value).kind, NodeKind::Sequence(_)));
}

fn located_value(tree: &SyntaxTree, root: NodeId, path: &[PathSegment]) -> tekton_analysis::Span {
    tree.locate(root, path).expect("found").value_span
}
