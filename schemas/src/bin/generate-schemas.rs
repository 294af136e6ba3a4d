//! Rewrites the committed JSON Schema files under `schemas/json/` from the Rust model.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("json");
    for (file, schema) in tekton_model::schema::generate() {
        let path = root.join(file);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, tekton_model::schema::to_file_text(&schema)));
        if let Err(e) = written {
            eprintln!("generate-schemas: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
