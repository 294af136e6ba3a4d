//! Times `analyze_file` over every YAML file under a folder (default: the Tekton catalog at
//! ../shared/corpus/catalog), on as many threads as the machine has cores.
//!
//! `cargo run --release -p tekton-analysis --example catalog_bench [FOLDER]`
//!
//! Prints the cold run (which compiles each kind's validator once) and the best of five warm
//! runs. Reading the files is not timed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tekton_analysis::{AnalysisConfig, analyze_file};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

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

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/catalog")
        });
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
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
}
