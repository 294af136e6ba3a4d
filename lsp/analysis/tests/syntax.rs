//! The span tree: structure, decoded values, resolved types and exact spans, as readable
//! snapshots (`text@start..end` for every node).

use std::fmt::Write;

use tekton_analysis::syntax::{
    NodeId, NodeKind, PathSegment, SyntaxTree, parse, parse_strict, parse_with_tree_sitter, to_json,
};

fn dump(text: &str) -> String {
    dump_tree(&parse(text), text)
}

fn dump_tree(tree: &SyntaxTree, text: &str) -> String {
    let mut out = String::new();
    for (i, document) in tree.documents().iter().enumerate() {
        let _ = writeln!(
            out,
            "document {i} @{}..{}",
            document.span.start, document.span.end
        );
        if let Some(root) = document.root {
            dump_node(tree, text, root, 1, &mut out);
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

mod catalog;

/// The first line where two dumps differ, with a little context of each.
fn first_difference(fast: &str, reference: &str) -> Option<String> {
    let fast: Vec<&str> = fast.lines().collect();
    let reference: Vec<&str> = reference.lines().collect();
    let at = (0..fast.len().max(reference.len())).find(|&i| fast.get(i) != reference.get(i))?;
    let around = |lines: &[&str]| lines[at.saturating_sub(3)..(at + 3).min(lines.len())].join("\n");
    Some(format!(
        "fast path:\n{}\ntree-sitter:\n{}",
        around(&fast),
        around(&reference)
    ))
}

/// The fast path either declines a document or builds tree-sitter's tree for it, byte for byte;
/// and it accepts nearly every catalog file, or it would not be a fast path.
#[test]
fn fast_path_builds_the_tree_sitter_tree_on_the_catalog() {
    let files = catalog::files();
    let mut valid = 0;
    let mut declined = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("utf-8 catalog file");
        let reference = parse_with_tree_sitter(&text);
        match parse_strict(&text) {
            Some(fast) => {
                let difference =
                    first_difference(&dump_tree(&fast, &text), &dump_tree(&reference, &text));
                assert!(
                    difference.is_none(),
                    "{}\n{}",
                    path.display(),
                    difference.unwrap_or_default()
                );
            }
            None if reference.errors().is_empty() => declined.push(path.display().to_string()),
            None => {}
        }
        valid += usize::from(reference.errors().is_empty());
    }
    assert!(
        declined.len() * 100 <= valid,
        "the fast path declined {} of {valid} valid files: {declined:#?}",
        declined.len()
    );
}

/// The fast path's tree for `text`, which it must accept, compared with tree-sitter's.
fn assert_fast_path_agrees(text: &str) {
    let fast = parse_strict(text).unwrap_or_else(|| panic!("the fast path declined {text:?}"));
    let reference = parse_with_tree_sitter(text);
    assert!(
        reference.errors().is_empty(),
        "{text:?}: {:?}",
        reference.errors()
    );
    if let Some(difference) =
        first_difference(&dump_tree(&fast, text), &dump_tree(&reference, text))
    {
        panic!("{text:?}\n{difference}");
    }
}

#[test]
fn fast_path_agrees_on_each_construct() {
    for text in [
        "a: 1\nb: [x, 'y''s', {c: \"d\\te\"}]\nc: |\n  line 1\n  line 2\nd: >-\n  folded\n  text\ne:\nf: [k: v]\n",
        "# head\nkind: A # trailing\n---\nbase: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n--- \n",
        "- yes\n- on\n- 'on'\n- 0x10\n- 010\n- 1e3\n- ~\n- 1.0.0\n- !!str 12\n- \"é\"\n-\n",
        "a: 1\r\nb:\r\n  - x # c\r\n  - \"q\r\n    r\"\r\n",
        "a:\n- x\n- y: 1\n  z: 2\nb: c\n",
        "- - a\n  - b\n- - c\n",
        "a:\n-\n- # c\n-   \n- y\n",
        "a: plain\n  multi\n\n  line\nb: end\n",
        "a: \"x\n  y\\\n  z\"\nb: 'p\n\n  q'\n",
        "k: &an\n  z: 1\nl: !!str\nm: *an\nn: &x !!int '7'\n",
        "\"q k\" : v\n'x': y\n",
        "{\"a\": [1, 2,\n  3], \"b\": {\"c\":null, d}}\n",
        "a: |+\n  k\n\nb: >\n  x\n    y\n  z\n\nc: |-\n  s\n",
        "a:\n  - |\n    x\n\n",
        "# c\n---\n# d\na: # e\n  # f\n  b: 1 # g\n# h\n",
        "---\n# only\n---\n---\na: 1\n",
        "name: héllo wörld\nemoji: \"😀\"\n",
        "a: b\tc\n",
        "url:port: x\nhttp://a: b\n",
        "a: -1\nb: --flag\nc: ?x\nd: :y\n",
        "  a: 1\n  b: 2\n",
        "a: [http://x:8080/p, {k: v}, [], {}]\nb: {x: [1, 2], 'y': \"z\"}\n",
        "steps:\n  - name: build\n    script: |\n      #!/bin/sh\n      echo \"$(params.x)\"\n\n      exit 0\n    args: [\"--a\", \"--b=c\"]\n",
    ] {
        assert_fast_path_agrees(text);
    }
}

/// Errors, and the constructs manifests do not use, are left to tree-sitter.
#[test]
fn fast_path_declines_errors_and_rare_constructs() {
    for text in [
        "a: b: c\n",
        "a:\n\t- b\n",
        "a: [b\n",
        "a: 'b\n",
        "a: \"\\q\"\n",
        "a:\n  - b\n - c\n",
        "a: b # c\n  d\n",
        "a:\n  b: 1\n c: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "? a\n: b\n",
        "a: |2\n   x\n",
        "--- a: 1\n",
        "a: 1\n...\n",
        "a: -\n",
        "a: - b\n",
        "a:\n- b\n-c: d\n",
        "plain text\n",
        "a: [x\n  y]\n",
        "a: &x\n- b\n",
        "\u{feff}a: 1\n",
        "a\0b: 1\n",
        "a: b\u{85}c\n",
        "a: b\u{2028}c\n",
        "a: |\n  b\rc\n",
        "a: &&x 1\nb: **x\n",
        "a:\n &x\n &y\n",
        "a: [b:[c]]\n",
        "a: &x *y\n",
        "[a\n: b]\n",
        "a: {b: -}\n",
        "a: &x\n  *y\n",
        "t: | # c\n      text\n",
        "a: !x\" b\n",
    ] {
        assert!(
            parse_strict(text).is_none(),
            "the fast path accepted {text:?}"
        );
    }
    // Valid, but deeper than tree-sitter's guard: its path reports the line.
    let deep_continuation = format!("a: b\n{}c\n", " ".repeat(110));
    assert!(parse_strict(&deep_continuation).is_none());
    assert!(!parse(&deep_continuation).errors().is_empty());
}

/// Every catalog file cut short, at every 97th byte and after every 5th line: a wide sample of
/// half-written documents, which the fast path must either decline or read as tree-sitter does.
#[test]
fn fast_path_agrees_on_truncated_catalog_files() {
    let mut accepted = 0;
    for path in catalog::files() {
        let text = std::fs::read_to_string(&path).expect("utf-8 catalog file");
        let line_ends = text.match_indices('\n').map(|(i, _)| i + 1).step_by(5);
        let byte_cuts = (97..text.len())
            .step_by(97)
            .filter(|&i| text.is_char_boundary(i));
        for cut in line_ends.chain(byte_cuts) {
            let prefix = &text[..cut];
            let Some(fast) = parse_strict(prefix) else {
                continue;
            };
            accepted += 1;
            let reference = parse_with_tree_sitter(prefix);
            if let Some(difference) =
                first_difference(&dump_tree(&fast, prefix), &dump_tree(&reference, prefix))
            {
                panic!("{} cut at byte {cut}\n{difference}", path.display());
            }
        }
    }
    assert!(
        accepted > 10_000,
        "only {accepted} prefixes were read by the fast path"
    );
}
