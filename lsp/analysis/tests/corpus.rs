//! The Tekton catalog (../shared/corpus/catalog): nothing panics on any file or on truncated
//! copies of it, documents that upstream accepts get no error-level diagnostic, and the Tasks
//! and Pipelines the catalog's own CI runs get no error from a run-time rule.

mod catalog;

use std::path::Path;

use tekton_analysis::rules::{self, Origin};
use tekton_analysis::{AnalysisConfig, Encoding, Severity, analyze_file};

/// `(path relative to the catalog, text)` for every catalog file, sorted by path.
fn corpus() -> Vec<(String, String)> {
    let root = catalog::root();
    let files = catalog::files();
    files
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).expect("under root");
            let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
            (rel.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Runs `work` over `items` on two threads (the machine has two cores).
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let half = items.len().div_ceil(2);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(half.max(1))
            .map(|chunk| scope.spawn(|| chunk.iter().map(&work).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker panicked"))
            .collect()
    })
}

#[test]
fn every_file_and_every_truncation_analyses_without_panic() {
    let files = corpus();
    let config = AnalysisConfig::default();
    let analysed = in_parallel(&files, |(_, text)| {
        let mut count = 0;
        let mut cut = 0;
        while cut <= text.len() {
            // Cut at the 97th byte, moved back to a character boundary.
            let mut end = cut;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let analysis = analyze_file(&text[..end], &config);
            for diagnostic in &analysis.diagnostics {
                assert!(diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= end);
            }
            count += 1;
            cut += 97;
        }
        analyze_file(text, &config);
        count + 1
    });
    let total: usize = analysed.iter().sum();
    assert!(total > 20_000, "only {total} texts analysed");
}

/// The catalog documents upstream Tekton rejects, as `(file, index among non-empty documents)`.
///
/// The list and the reason for each entry live in one place, the model crate's corpus test
/// (`schemas/tests/corpus.rs`, `EXCEPTIONS`), which checks the same documents against the
/// schemas alone; this reads its entries instead of keeping a second copy.
fn rejected_upstream() -> Vec<(String, usize)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/tests/corpus.rs");
    let source = std::fs::read_to_string(&path).expect("schemas/tests/corpus.rs");
    let list = source
        .split("const EXCEPTIONS")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("an EXCEPTIONS list");
    let mut entries = Vec::new();
    let mut file: Option<String> = None;
    for token in list.split([',', '(', ')', '\n']).map(str::trim) {
        if let Some(quoted) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            if quoted.ends_with(".yaml") || quoted.ends_with(".yml") {
                file = Some(quoted.to_owned());
            }
        } else if let (Some(f), Ok(index)) = (&file, token.parse::<usize>()) {
            entries.push((f.clone(), index));
            file = None;
        }
    }
    assert!(
        entries.len() > 10,
        "could not read the EXCEPTIONS entries of {}",
        path.display()
    );
    entries
}

/// Every catalog document the upstream oracle rejects (tests/upstream-oracle, catalog.jsonl),
/// including those only the rules (not the schemas) catch; errors there are expected, though not
/// required while rules are missing (lsp/analysis/rules-not-implemented.md).
fn rejected_by_oracle() -> Vec<(String, usize)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-rejected.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/upstream-rejected.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?.to_owned(), fields.next()?.parse().ok()?))
        })
        .collect()
}

#[test]
fn no_error_on_documents_upstream_accepts() {
    let files = corpus();
    let rejected = rejected_upstream();
    let oracle = rejected_by_oracle();
    let config = AnalysisConfig::default();
    let reports = in_parallel(&files, |(path, text)| {
        let analysis = analyze_file(text, &config);
        let non_empty: Vec<_> = analysis
            .documents
            .iter()
            .filter(|d| d.root.is_some())
            .collect();
        let mut errors = Vec::new();
        for d in analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            let document = non_empty
                .iter()
                .position(|doc| doc.span.start <= d.span.start && d.span.start <= doc.span.end);
            let at = analysis.line_index.position(d.span.start, Encoding::Utf32);
            let line = format!(
                "{path}:{}:{}: [{}] {}",
                at.line + 1,
                at.column + 1,
                d.rule,
                d.message
            );
            errors.push((document, line));
        }
        (path.clone(), errors)
    });
    let mut unexpected = Vec::new();
    let mut not_reported = Vec::new();
    for (file, index) in &rejected {
        let reported = reports.iter().any(|(path, errors)| {
            path == file && errors.iter().any(|(doc, _)| *doc == Some(*index))
        });
        if !reported {
            not_reported.push(format!("{file} (document {index})"));
        }
    }
    for (path, errors) in &reports {
        for (document, line) in errors {
            let expected = document.is_some_and(|doc| {
                let key = (path.clone(), doc);
                rejected.contains(&key) || oracle.contains(&key)
            });
            if !expected {
                unexpected.push(line.clone());
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "error-level diagnostics on documents upstream accepts:\n{}",
        unexpected.join("\n")
    );
    assert!(
        not_reported.is_empty(),
        "documents upstream rejects without an error from us:\n{}",
        not_reported.join("\n")
    );
}

/// The catalog's e2e CI applies each version folder's `tests/run.yaml` (with the folder's Task or
/// Pipeline and the other `tests/*.yaml`) on every change and waits for the runs to succeed, so
/// what those folders hold is known to run: a run-time rule (origin `Runtime`) may not call any
/// of it an error.
#[test]
fn no_run_time_error_on_what_the_catalog_runs() {
    let root = catalog::root();
    let files: Vec<_> = catalog::files()
        .into_iter()
        .filter(|path| {
            path.ancestors()
                .take_while(|dir| *dir != root)
                .any(|dir| dir.join("tests/run.yaml").is_file())
        })
        .collect();
    assert!(
        files.len() > 300,
        "only {} files run by the catalog's CI",
        files.len()
    );
    let config = AnalysisConfig::default();
    let errors = in_parallel(&files, |path| {
        let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
        let analysis = analyze_file(&text, &config);
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter(|d| rules::rule(d.rule).is_some_and(|r| r.origin == Origin::Runtime))
            .map(|d| {
                let at = analysis.line_index.position(d.span.start, Encoding::Utf32);
                format!(
                    "{}:{}: [{}] {}",
                    path.display(),
                    at.line + 1,
                    d.rule,
                    d.message
                )
            })
            .collect::<Vec<_>>()
    });
    let errors: Vec<String> = errors.into_iter().flatten().collect();
    assert!(
        errors.is_empty(),
        "run-time errors on Tasks and Pipelines the catalog runs:\n{}",
        errors.join("\n")
    );
}

#[test]
fn adversarial_inputs_do_not_panic() {
    let config = AnalysisConfig::default();
    let deep_flow = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let deep_block: String = (0..3_000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let mut bomb =
        String::from("apiVersion: tekton.dev/v1\nkind: Task\na0: &a0 [x, x, x, x, x, x, x, x]\n");
    for i in 1..15 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let inputs = [
        deep_flow,
        deep_block,
        bomb,
        "apiVersion: tekton.dev/v1\r\nkind: Task\r\nspec:\r\n\tsteps: []\r\n".to_owned(),
        "\u{feff}apiVersion: tekton.dev/v1\nkind: Pipeline\nspec: {tasks: [{name: é, taskRef: *missing}]}\n".to_owned(),
        "\0\0\0: \u{1}\n---\n--- |\n  x\n...\n---\n? [a, b]\n: c\n".to_owned(),
        "apiVersion: tekton.dev/v1\nkind: Task\nspec: &s {steps: *s}\n".to_owned(),
        "<<: *x\n<<: [*x, 1]\n&a : b\n!!binary x: y\n".to_owned(),
        "key: \"unterminated \\u12\n- - - -\n  : : :\n".to_owned(),
        // These two abort the process inside tree-sitter-yaml's scanner unless guarded.
        format!("{}x\n", "- ".repeat(300)),
        (0..300).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect(),
        "a: b\n".repeat(40_000),
    ];
    for input in &inputs {
        let analysis = analyze_file(input, &config);
        for d in &analysis.diagnostics {
            assert!(d.span.end <= input.len());
        }
    }
    // The alias bomb is refused with one diagnostic, not expanded.
    let analysis = analyze_file(&inputs[2], &config);
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.message.contains("aliases expand"))
    );
}
