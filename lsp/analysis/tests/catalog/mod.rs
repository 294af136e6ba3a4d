//! The Tekton community catalog, the real-world workload of the corpus tests and the benchmark.
//! Shared by the integration tests, the unit tests of `variables`, `examples/catalog_bench.rs`
//! and tekton-model's corpus test (through `#[path]`), so the corpus is located and walked one
//! way.

use std::io;
use std::path::{Path, PathBuf};

/// `../shared/corpus/catalog` beside the repository, where CI has it too. The repository root
/// is the nearest folder above the crate holding `Cargo.lock`, whichever crate includes this.
pub fn root() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repository = crate_dir
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(crate_dir);
    repository.join("../shared/corpus/catalog")
}

/// Every catalog file, sorted by path. For tests: panics, naming the folder, when the
/// catalog is unreadable or clearly incomplete.
#[allow(dead_code, reason = "not every file that includes this module uses it")]
pub fn files() -> Vec<PathBuf> {
    let root = root();
    let files = yaml_files(&root)
        .unwrap_or_else(|e| panic!("cannot read the catalog under {}: {e}", root.display()));
    assert!(
        files.len() > 1000,
        "expected the ~1,100 catalog files under {}",
        root.display()
    );
    files
}

/// Every `*.yaml` and `*.yml` file under `dir`, sorted by path.
pub fn yaml_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}
