//! Times `analyze_file` over every YAML file under a folder (default: the Tekton catalog at
//! ../shared/corpus/catalog), on as many threads as the machine has cores.
//!
//! `cargo run --release -p tekton-analysis --example catalog_bench [FOLDER]`
//!
//! Prints the cold run (which compiles each kind's validator once) and the best of five warm
//! runs, then the parse alone on one thread, with the fast path and with tree-sitter only.
//! Reading the files is not timed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tekton_analysis::syntax::{SyntaxTree, parse, parse_with_tree_sitter};
use tekton_analysis::{AnalysisConfig, analyze_file};

#[path = "../tests/catalog/mod.rs"]
mod catalog;

fn run(texts: &[String], threads: usize, config: &AnalysisConfig) -> (Duration, usize) {
    let start = Instant::now();
    let chunk = texts.len().div_ceil(threads).max(1);
    let diagnostics = std::thread::scope(|scope| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|text| analyze_file(text, config).diagnostics.len())
                        .sum::<usize>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .sum()
    });
    (start.elapsed(), diagnostics)
}

/// The best of five single-threaded passes of `parser` over all texts.
fn time_parse(texts: &[String], parser: fn(&str) -> SyntaxTree) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let nodes: usize = texts
                .iter()
                .map(|text| parser(text).documents().len())
                .sum();
            std::hint::black_box(nodes);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(catalog::root);
    let files = match catalog::yaml_files(&root) {
        Ok(files) => files,
        Err(err) => {
            eprintln!(
                "error: cannot read {}: {err}; give a folder of YAML files",
                root.display()
            );
            std::process::exit(2);
        }
    };
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config = AnalysisConfig::default();
    let (cold, diagnostics) = run(&texts, threads, &config);
    let warm = (0..5)
        .map(|_| run(&texts, threads, &config).0)
        .min()
        .unwrap_or(cold);
    println!(
        "{} files, {:.1} MB, {threads} threads: cold {:.1} ms, warm {:.1} ms, {diagnostics} diagnostics",
        texts.len(),
        bytes as f64 / 1e6,
        cold.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3,
    );
    let fast = time_parse(&texts, parse);
    let tree_sitter = time_parse(&texts, parse_with_tree_sitter);
    println!(
        "parse alone, one thread: {:.1} ms with the fast path, {:.1} ms with tree-sitter only ({:.1}x)",
        fast.as_secs_f64() * 1e3,
        tree_sitter.as_secs_f64() * 1e3,
        tree_sitter.as_secs_f64() / fast.as_secs_f64().max(1e-9),
    );
}
