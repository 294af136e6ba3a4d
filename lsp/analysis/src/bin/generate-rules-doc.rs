//! Writes `lsp/analysis/RULES.md` from the rule table (`rules::reference_markdown`), with each
//! rule's example taken from its fixture in `tests/fixtures/rules/`. `--check` writes nothing
//! and fails when the committed file differs (the `rules_doc` test runs it so).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/rules");
    let example = |id: &str| {
        let fixture = std::fs::read_to_string(fixtures.join(format!("{id}.yaml"))).ok()?;
        let triggering = fixture.split("\n#! valid\n").next()?;
        Some(triggering.to_owned())
    };
    let markdown = tekton_analysis::rules::reference_markdown(&example);
    let target = root.join("RULES.md");
    if std::env::args().any(|arg| arg == "--check") {
        let committed = std::fs::read_to_string(&target).unwrap_or_default();
        if committed != markdown {
            eprintln!(
                "lsp/analysis/RULES.md is stale; regenerate it with \
                 `cargo run -p tekton-analysis --bin generate-rules-doc`"
            );
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    match std::fs::write(&target, markdown) {
        Ok(()) => {
            println!("wrote {}", target.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate-rules-doc: cannot write {}: {e}", target.display());
            ExitCode::FAILURE
        }
    }
}
