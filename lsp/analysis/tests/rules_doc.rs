//! The committed rule reference, `lsp/analysis/RULES.md`, is exactly what the rule table
//! generates, and it has one anchor per rule id.

use std::process::Command;

#[test]
fn committed_rules_md_is_up_to_date() {
    let status = Command::new(env!("CARGO_BIN_EXE_generate-rules-doc"))
        .arg("--check")
        .status()
        .expect("generate-rules-doc runs");
    assert!(
        status.success(),
        "RULES.md is stale: `cargo run -p tekton-analysis --bin generate-rules-doc`"
    );
}

#[test]
fn every_rule_has_its_anchor_and_url() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/RULES.md"))
        .expect("RULES.md");
    for id in tekton_analysis::rules::all() {
        assert!(
            text.contains(&format!("\n## {id}\n")),
            "no section for {id}"
        );
        let url = tekton_analysis::rules::docs_url(id);
        assert!(
            url.ends_with(&format!("/lsp/analysis/RULES.md#{id}")),
            "{url}"
        );
    }
}
