//! Document symbols, folding and selection ranges, semantic tokens, document links, inlay hints
//! and code actions.

mod support;

use support::{BUILD_TASK, fixture, single};
use tekton_analysis::{FileRef, Span};
use tekton_ide::{
    ActionKind, DocumentSymbol, code_actions, document_links, document_symbols, folding_ranges,
    inlay_hints, selection_ranges, semantic_tokens,
};

const PIPELINE: &str = "\
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  params:
    - name: repo
  tasks:
    - name: build
      taskRef:
        name: build
      params:
        - name: revision
          value: $(params.repo)
    - name: test
      taskSpec:
        steps:
          - name: unit
            image: golang
            script: |
              go test $(params.repo)
  finally:
    - name: notify
      taskRef:
        name: build
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
";

fn outline(symbols: &[DocumentSymbol], depth: usize, out: &mut String) {
    for symbol in symbols {
        out.push_str(&format!(
            "{}{} {:?}{}\n",
            "  ".repeat(depth),
            symbol.name,
            symbol.kind,
            symbol
                .detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        ));
        outline(&symbol.children, depth + 1, out);
    }
}

#[test]
fn document_symbols_per_document() {
    let f = single(&format!("{PIPELINE}█"));
    let analysis = f.workspace.get(&f.file).expect("analysed");
    let mut out = String::new();
    outline(&document_symbols(analysis), 0, &mut out);
    insta::assert_snapshot!(out, @r"
    Pipeline release Document
      params List (1)
        repo Param (string)
      tasks List (2)
        build PipelineTask (→ build)
        test PipelineTask
          steps List (1)
            unit Step (golang)
      finally List (1)
        notify PipelineTask (→ build)
    ConfigMap settings Other
    ");
}

#[test]
fn folding_ranges_cover_blocks_and_documents() {
    let f = single(&format!("# one\n# two\n{PIPELINE}█"));
    let analysis = f.workspace.get(&f.file).expect("analysed");
    let text = &analysis.text;
    let lines = |span: Span| {
        let line = |offset: usize| text[..offset].matches('\n').count() + 1;
        format!("{}-{}", line(span.start), line(span.end))
    };
    let ranges: Vec<String> = folding_ranges(analysis)
        .iter()
        .map(|r| format!("{:?} {}", r.kind, lines(r.span)))
        .collect();
    assert!(ranges.contains(&"Comment 1-2".to_owned()), "{ranges:?}");
    assert!(
        ranges.contains(&"Region 3-27".to_owned()),
        "the first document: {ranges:?}"
    );
    assert!(
        ranges.contains(&"Region 10-23".to_owned()),
        "tasks: {ranges:?}"
    );
    assert!(
        ranges.contains(&"Region 22-23".to_owned()),
        "the script: {ranges:?}"
    );
}

#[test]
fn selection_ranges_grow_from_the_reference_name() {
    let text = PIPELINE.replace("value: $(params.repo)", "value: $(params.re█po)");
    let f = single(&text);
    let analysis = f.workspace.get(&f.file).expect("analysed");
    let chains = selection_ranges(analysis, &[f.offset]);
    let shown: Vec<&str> = chains[0]
        .iter()
        .take(6)
        .map(|s| &analysis.text[s.start..s.end])
        .collect();
    assert_eq!(
        shown,
        [
            "params.repo",
            "$(params.repo)",
            "value: $(params.repo)",
            "name: revision\n          value: $(params.repo)",
            "- name: revision\n          value: $(params.repo)",
            "params:\n        - name: revision\n          value: $(params.repo)",
        ]
    );
}

/// `Kind text` for each semantic token of a file.
fn tokens(text: &str) -> Vec<String> {
    let f = single(&format!("{text}█"));
    let analysis = f.workspace.get(&f.file).expect("analysed");
    semantic_tokens(analysis)
        .iter()
        .map(|t| format!("{:?} {}", t.kind, &analysis.text[t.span.start..t.span.end]))
        .collect()
}

#[test]
fn semantic_tokens_for_references() {
    assert_eq!(
        tokens(PIPELINE),
        [
            "Variable params",
            "Parameter repo",
            "Variable params",
            "Parameter repo"
        ]
    );
    assert_eq!(
        tokens(
            "apiVersion: tekton.dev/v1\nkind: Pipeline\nspec:\n  results:\n    - name: r\n      value: \"$(tasks.build.results.out)\"\n"
        ),
        [
            "Variable tasks",
            "Variable build",
            "Property results",
            "Property out"
        ]
    );
}

#[test]
fn task_refs_link_to_the_task_in_another_file() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        ("pipeline.yaml", &format!("{PIPELINE}█")),
    ]);
    let links = document_links(&f.workspace, &f.file);
    let text = support::text(&f, "pipeline.yaml");
    let shown: Vec<String> = links
        .iter()
        .map(|l| {
            let target = support::text(&f, l.target.file.as_str());
            format!(
                "{} -> {}:{}",
                &text[l.span.start..l.span.end],
                l.target.file,
                &target[l.target.span.start..l.target.span.end]
            )
        })
        .collect();
    assert_eq!(
        shown,
        ["build -> task.yaml:build", "build -> task.yaml:build"]
    );
}

#[test]
fn inlay_hints_show_the_defaults_a_task_gets() {
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        ("pipeline.yaml", &format!("{PIPELINE}█")),
    ]);
    let text = support::text(&f, "pipeline.yaml");
    let hints: Vec<String> = inlay_hints(&f.workspace, &f.file, Span::new(0, text.len()))
        .iter()
        .map(|h| {
            let line = text[..h.offset].lines().last().unwrap_or("");
            format!("{line} ⟨{}⟩", h.label)
        })
        .collect();
    assert_eq!(
        hints,
        [
            "      params: ⟨flags = []⟩",
            "      params: ⟨image = \"registry/app\"⟩",
            "        name: build ⟨flags = []⟩",
            "        name: build ⟨image = \"registry/app\"⟩",
        ]
    );
}

#[test]
fn quick_fixes_and_fix_all_from_the_diagnostics() {
    // A typo'd reference and a missing required param (the notify task gives no `revision`).
    let text = PIPELINE.replace("value: $(params.repo)", "value: $(params.rep)");
    let f = fixture(&[
        ("task.yaml", BUILD_TASK),
        ("pipeline.yaml", &format!("{text}█")),
    ]);
    let file = FileRef::from("pipeline.yaml");
    let config = tekton_analysis::AnalysisConfig::default();
    let mut diagnostics = f
        .workspace
        .get(&file)
        .expect("analysed")
        .diagnostics
        .clone();
    diagnostics.extend(tekton_analysis::rules::check_references(
        &f.workspace,
        &file,
        &config,
    ));
    let source = support::text(&f, "pipeline.yaml");
    let at = source.find("params.rep)").expect("the typo") + 7;
    let actions = code_actions(&diagnostics, Span::at(at));
    let titles: Vec<(&str, ActionKind, bool)> = actions
        .iter()
        .map(|a| (a.title.as_str(), a.kind, a.preferred))
        .collect();
    assert_eq!(
        titles,
        [
            ("rename to `repo`", ActionKind::QuickFix, true),
            (
                "Fix all auto-fixable problems (2 fixes)",
                ActionKind::FixAll,
                false
            ),
        ]
    );
    let mut fixed = source.to_owned();
    for edit in actions[1].edits.iter().rev() {
        fixed.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    assert!(fixed.contains("value: $(params.repo)"), "{fixed}");
    assert!(fixed.contains("    - name: notify\n      taskRef:\n        name: build\n      params:\n        - name: revision\n          value: \"\"\n"), "{fixed}");
}
