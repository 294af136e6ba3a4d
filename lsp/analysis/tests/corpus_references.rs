//! The catalog's references across documents, with every catalog file in one workspace as
//! `tekton-lsp check` has them: the catalog keeps one Task per version folder, so most names
//! match several documents.
//!
//! The documents known to run are those the catalog's end-to-end CI applies and runs to
//! completion on every change: in each version folder with a `tests/run.yaml`, the folder's own
//! files and those of `tests/`. They must get no error from the checks across documents, and
//! their tests must resolve the folder's Task to that version alone.

mod catalog;

use std::path::Path;

use tekton_analysis::{
    AnalysisConfig, Choice, Encoding, FileRef, Severity, TektonKind, Workspace, analyze_file, rules,
};

fn workspace(config: &AnalysisConfig) -> Workspace {
    let root = catalog::root();
    let mut workspace = Workspace::new();
    for path in catalog::files() {
        let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
        let name = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy();
        workspace.insert(FileRef::from(name.as_ref()), analyze_file(&text, config));
    }
    workspace
}

/// `task/NAME/VERSION/` (or `pipeline/...`) of a file known to run, if it is one.
fn known_to_run(file: &str, root: &Path) -> Option<String> {
    let parts: Vec<&str> = file.split('/').collect();
    let folder = match parts.as_slice() {
        [_, _, _, _] | [_, _, _, "tests", _] => parts[..3].join("/"),
        _ => return None,
    };
    root.join(&folder)
        .join("tests/run.yaml")
        .is_file()
        .then_some(folder)
}

#[test]
fn documents_known_to_run_get_no_error_across_documents_and_their_tests_mean_their_version() {
    let config = AnalysisConfig::default();
    let root = catalog::root();
    let workspace = workspace(&config);
    let mut errors = Vec::new();
    let mut checked = 0;
    let mut own_version = 0;
    for (file, analysis) in workspace.files() {
        let Some(folder) = known_to_run(file.as_str(), &root) else {
            continue;
        };
        checked += 1;
        for d in rules::check_references(&workspace, file, &config) {
            if d.severity == Severity::Error {
                let at = analysis.line_index.position(d.span.start, Encoding::Utf32);
                errors.push(format!(
                    "{file}:{}: [{}] {}",
                    at.line + 1,
                    d.rule,
                    d.message
                ));
            }
        }
        // `task/git-clone/0.9/tests/run.yaml` naming `git-clone` means 0.9's file.
        let own_name = folder.split('/').nth(1).unwrap_or_default();
        for (kind, name) in rules::referenced_names(analysis) {
            if name != own_name || !file.as_str().contains("/tests/") {
                continue;
            }
            let resolution = workspace.resolve(file, kind, &name, None);
            if resolution.matches < 2 {
                continue;
            }
            let chosen = resolution.only().map(|(f, _)| f.as_str().to_owned());
            assert!(
                matches!(resolution.choice, Choice::Folder | Choice::SameFile)
                    && chosen.as_ref().is_some_and(|f| f.starts_with(&folder)),
                "{file}: {kind:?} `{name}` resolved to {chosen:?} ({:?} of {})",
                resolution.choice,
                resolution.matches
            );
            own_version += 1;
        }
    }
    assert!(checked > 300, "only {checked} files known to run");
    assert!(
        own_version > 50,
        "only {own_version} tests naming their own Task in several versions"
    );
    assert!(
        errors.is_empty(),
        "errors across documents on files known to run:\n{}",
        errors.join("\n")
    );
    // Every kind a reference can name was looked up at least once.
    let kinds: Vec<TektonKind> = workspace
        .files()
        .flat_map(|(_, analysis)| rules::referenced_names(analysis))
        .map(|(kind, _)| kind)
        .collect();
    for kind in [
        TektonKind::Task,
        TektonKind::Pipeline,
        TektonKind::StepAction,
    ] {
        assert!(kinds.contains(&kind), "no reference to a {kind:?}");
    }
}
