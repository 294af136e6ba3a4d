//! The rules' table test: for every implemented rule id, `tests/fixtures/rules/<id>.yaml` holds
//! a minimal document that triggers it and, after a `#! valid` line, the nearest document that
//! does not.
//!
//! In the triggering document `«` and `»` mark every span the rule must report (they are
//! removed before analysis); the rule must report exactly those spans. The valid document must
//! get no error at all. A first line `# config: key=value, ...` sets feature flags
//! (`enable-api-fields`, `enable-param-enum`, `enable-cel-in-whenexpression`,
//! `disable-inline-spec`) and config defaults (`default-forbidden-env`).
//!
//! Rules across documents run with the fixture as the workspace's only file, so a fixture
//! holds the referenced Task or Pipeline as another document.
//!
//! `script-shellcheck` runs a real ShellCheck here, as `check` does (`tekton_check::shellcheck`;
//! see `shellcheck_binary` for where it is found).
//!
//! Every catalogue id is either covered here or listed, with its reason, in
//! `rules-not-implemented.md`.

#[path = "../../check/tests/support/shellcheck.rs"]
mod shellcheck_support;
mod support;

use std::path::Path;

use tekton_analysis::{
    AnalysisConfig, Diagnostic, DocumentKind, FileAnalysis, FileRef, Severity, Span, Workspace,
    analyze_file, rules,
};
use tekton_check::config::ShellCheckSettings;

const OPEN: &str = "«";
const CLOSE: &str = "»";

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/rules")
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let id = name.strip_suffix(".yaml")?.to_owned();
            Some((id, std::fs::read_to_string(entry.path()).ok()?))
        })
        .collect();
    out.sort();
    out
}

fn config(text: &str) -> AnalysisConfig {
    let mut config = AnalysisConfig::default();
    if let Some(settings) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# config:"))
    {
        for setting in settings.split(',') {
            let (key, value) = setting.trim().split_once('=').expect("key=value");
            support::apply(&mut config, key, value);
        }
    }
    config
}

/// The text without markers, and the marked spans.
fn strip_markers(marked: &str) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open = Vec::new();
    let mut rest = marked;
    while let Some(at) = rest.find([OPEN.chars().next(), CLOSE.chars().next()].map(Option::unwrap))
    {
        text.push_str(&rest[..at]);
        if rest[at..].starts_with(OPEN) {
            open.push(text.len());
            rest = &rest[at + OPEN.len()..];
        } else {
            let start = open.pop().expect("» without «");
            spans.push(Span::new(start, text.len()));
            rest = &rest[at + CLOSE.len()..];
        }
    }
    text.push_str(rest);
    assert!(open.is_empty(), "« without »");
    spans.sort();
    (text, spans)
}

/// The file's analysis and the rule engine's diagnostics alone (unaffected by levels and by
/// generic diagnostics a rule supersedes, so spans are exactly the rule's).
fn analyse(text: &str, config: &AnalysisConfig) -> (FileAnalysis, Vec<Diagnostic>) {
    let analysis = analyze_file(text, config);
    let mut found = Vec::new();
    for document in &analysis.documents {
        if let (DocumentKind::Tekton { version, kind }, Some(root)) =
            (&document.kind, document.root)
        {
            found.extend(rules::check_document(
                &analysis.syntax,
                text,
                root,
                *version,
                *kind,
                config,
            ));
        }
    }
    // ShellCheck on the scripts, as `check` runs it.
    let shellcheck = ShellCheckSettings {
        path: shellcheck_support::shellcheck_binary(),
        ..ShellCheckSettings::default()
    };
    let scripts = tekton_analysis::scripts::scripts(&analysis);
    found.extend(tekton_check::shellcheck::diagnostics(
        &scripts,
        &shellcheck,
        config,
    ));
    // Rules across documents, with the fixture as the only file.
    let name = FileRef::from("fixture.yaml");
    let mut workspace = Workspace::new();
    workspace.insert(name.clone(), analysis);
    found.extend(rules::check_references(&workspace, &name, config));
    let analysis = workspace.remove(&name).expect("the fixture's analysis");
    let analysis = std::sync::Arc::try_unwrap(analysis).expect("no other holder of the analysis");
    (analysis, found)
}

#[test]
fn every_rule_triggers_exactly_on_its_marked_spans_and_not_on_the_nearest_valid_document() {
    let mut failures = Vec::new();
    let cases = fixtures();
    assert!(cases.len() > 50, "only {} rule fixtures", cases.len());
    for (id, fixture) in &cases {
        let rule = rules::lookup(id).unwrap_or_else(|| panic!("fixture {id}.yaml names no rule"));
        let (invalid, valid) = fixture
            .split_once("\n#! valid\n")
            .unwrap_or_else(|| panic!("{id}.yaml has no `#! valid` line"));
        let config = config(fixture);
        let (text, expected) = strip_markers(invalid);
        assert!(!expected.is_empty(), "{id}.yaml marks no span");
        let (analysis, found) = analyse(&text, &config);
        // Schema rules come from the analysis; the two overlap once rules run inside it.
        let mut got: Vec<Span> = analysis
            .diagnostics
            .iter()
            .chain(&found)
            .filter(|d| d.rule == rule)
            .map(|d| d.span)
            .collect();
        got.sort();
        got.dedup();
        if got != expected {
            let show = |spans: &[Span]| {
                spans
                    .iter()
                    .map(|s| format!("{:?}", &text[s.start..s.end]))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            failures.push(format!(
                "{id}: expected [{}], got [{}]; all: {:#?}",
                show(&expected),
                show(&got),
                analysis
                    .diagnostics
                    .iter()
                    .chain(&found)
                    .map(|d| format!(
                        "{} {:?}: {}",
                        d.rule,
                        &text[d.span.start..d.span.end],
                        d.message
                    ))
                    .collect::<Vec<_>>()
            ));
        }
        let (analysis, found) = analyse(valid, &config);
        let valid_errors: Vec<String> = analysis
            .diagnostics
            .iter()
            .chain(&found)
            .filter(|d| d.severity == Severity::Error || d.rule == rule)
            .map(|d| {
                format!(
                    "{} {:?}: {}",
                    d.rule,
                    &valid[d.span.start..d.span.end],
                    d.message
                )
            })
            .collect();
        if !valid_errors.is_empty() {
            failures.push(format!("{id}: the valid document gets {valid_errors:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_catalogue_id_is_tested_or_listed_as_not_implemented() {
    let listed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules-not-implemented.md"),
    )
    .expect("rules-not-implemented.md");
    let listed: Vec<&str> = listed
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split('`').next())
        .collect();
    let tested: Vec<String> = fixtures().into_iter().map(|(id, _)| id).collect();
    let own = [rules::YAML_SYNTAX, rules::MISSING_REQUIRED_FIELD];
    for id in rules::all().filter(|id| !own.contains(id)) {
        let is_tested = tested.iter().any(|t| t == id);
        let is_listed = listed.contains(&id);
        assert!(
            is_tested != is_listed,
            "{id}: tested: {is_tested}, listed as not implemented: {is_listed}"
        );
    }
}

/// Applies a diagnostic's fix to `text`.
fn apply_fix(text: &str, diagnostic: &Diagnostic) -> String {
    let mut fixed = text.to_owned();
    let mut edits = diagnostic.fix.as_ref().expect("a fix").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for edit in edits {
        fixed.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    fixed
}

#[test]
fn undeclared_params_are_renamed_to_the_closest_or_declared() {
    let task = |reference: &str| {
        format!(
            "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  params:\n    \
             - name: revision\n      default: main\n  steps:\n    - image: alpine\n      \
             script: echo $(params.{reference})\n"
        )
    };
    let config = AnalysisConfig::default();
    for (reference, title) in [
        ("revison", "rename to `revision`"),
        ("image", "declare param `image`"),
    ] {
        let text = task(reference);
        let analysis = analyze_file(&text, &config);
        let diagnostic = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule == "param-ref-undeclared")
            .expect("param-ref-undeclared");
        assert_eq!(
            diagnostic.fix.as_ref().map(|f| f.title.as_str()),
            Some(title)
        );
        let fixed = apply_fix(&text, diagnostic);
        let after = analyze_file(&fixed, &config);
        assert!(
            after
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error),
            "{fixed}\n{:#?}",
            after.diagnostics
        );
    }
}

#[test]
fn a_key_in_other_letter_case_warns_only_where_tekton_reads_it() {
    let config = AnalysisConfig::default();
    let pipeline = |workspace_key: &str, mount_key: &str| {
        format!(
            "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\nspec:\n  \
             workspaces:\n    - name: w\n  tasks:\n    - name: a\n      taskRef:\n        \
             name: t\n      workspaces:\n        - name: src\n          workspace: w\n          \
             {workspace_key}: git\n    - name: b\n      taskSpec:\n        steps:\n          \
             - image: alpine:3.20\n            volumeMounts:\n              - name: v\n                \
             {mount_key}: /v\n        volumes:\n          - name: v\n            emptyDir: {{}}\n"
        )
    };
    let text = pipeline("subpath", "mountpath");
    let analysis = analyze_file(&text, &config);
    let found: Vec<(&str, Severity, &str)> = analysis
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity, &text[d.span.start..d.span.end]))
        .collect();
    // The pipeline task's bindings are in the CRD's structural schema, which kubectl checks
    // exactly; the embedded taskSpec is stored as written and read case-insensitively.
    assert_eq!(
        found,
        [
            ("unknown-field", Severity::Error, "subpath"),
            ("field-name-case", Severity::Warning, "mountpath"),
        ],
        "{:#?}",
        analysis.diagnostics
    );
    assert!(analysis.diagnostics[0].message.contains("case-sensitive"));
    let mut fixed = text.clone();
    for diagnostic in analysis.diagnostics.iter().rev() {
        fixed = apply_fix(&fixed, diagnostic);
    }
    assert_eq!(fixed, pipeline("subPath", "mountPath"));
    assert!(analyze_file(&fixed, &config).diagnostics.is_empty());
}

#[test]
fn a_v1beta1_timeout_is_rewritten_as_timeouts_pipeline() {
    // The document's conversion to v1 (`api-version-v1beta1`) is another matter.
    let mut config = AnalysisConfig::default();
    config
        .set_rule_level(
            "api-version-v1beta1",
            tekton_analysis::config::RuleLevel::Off,
        )
        .expect("a rule");
    let text = "apiVersion: tekton.dev/v1beta1\nkind: PipelineRun\nmetadata:\n  name: r\nspec:\n  \
                pipelineRef:\n    name: p\n  timeout: \"1h30m\"\n";
    let analysis = analyze_file(text, &config);
    let [diagnostic] = analysis.diagnostics.as_slice() else {
        panic!("{:#?}", analysis.diagnostics)
    };
    assert_eq!(diagnostic.rule, rules::DEPRECATED_FIELD);
    assert_eq!(
        rules::tag(diagnostic.rule),
        Some(rules::RuleTag::Deprecated)
    );
    let fixed = apply_fix(text, diagnostic);
    assert!(
        fixed.ends_with("  timeouts:\n    pipeline: \"1h30m\"\n"),
        "{fixed}"
    );
    assert!(analyze_file(&fixed, &config).diagnostics.is_empty());
}

#[test]
fn a_v1beta1_bundle_reference_becomes_a_bundles_resolver_reference() {
    let config = AnalysisConfig::default();
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rules/ref-bundle-disallowed.yaml"),
    )
    .expect("fixture");
    let (invalid, valid) = fixture.split_once("\n#! valid\n").expect("two halves");
    let (text, _) = strip_markers(invalid);
    let analysis = analyze_file(&text, &config);
    let diagnostic = analysis
        .diagnostics
        .iter()
        .find(|d| d.rule == "ref-bundle-disallowed")
        .expect("reported");
    assert_eq!(apply_fix(&text, diagnostic) + "\n", valid);
}

#[test]
fn a_pipelinerun_param_the_pipeline_does_not_declare_is_reported_with_the_closest_name() {
    let text = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\nspec:\n  \
                params:\n    - name: revision\n      default: main\n  tasks:\n    - name: a\n      \
                taskSpec:\n        steps:\n          - image: alpine\n            script: echo\n\
                ---\napiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: r\nspec:\n  \
                pipelineRef:\n    name: p\n  params:\n    - name: revison\n      value: x\n";
    let (_, found) = analyse(text, &AnalysisConfig::default());
    let extra: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.rule == "pipeline-task-extra-param")
        .collect();
    assert_eq!(extra.len(), 1, "{found:#?}");
    assert_eq!(
        extra[0].message,
        "the Pipeline declares no param `revison`; it is ignored (did you mean `revision`?)"
    );
    assert!(!apply_fix(text, extra[0]).contains("revison"));
}

#[test]
fn an_undeclared_param_is_declared_with_the_type_its_reference_implies() {
    let config = AnalysisConfig::default();
    // No `params` list yet: the fix creates it, an array for `[*]`.
    let task = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    \
                - image: alpine\n      args: [\"$(params.flags[*])\"]\n";
    let (_, found) = analyse(task, &config);
    let undeclared = found
        .iter()
        .find(|d| d.rule == "param-ref-undeclared")
        .expect("param-ref-undeclared");
    let fixed = apply_fix(task, undeclared);
    assert!(
        fixed.ends_with("  steps:\n    - image: alpine\n      args: [\"$(params.flags[*])\"]\n  params:\n    - name: flags\n      type: array\n"),
        "{fixed}"
    );
    let (_, after) = analyse(&fixed, &config);
    assert!(
        after.iter().all(|d| d.severity != Severity::Error),
        "{fixed}\n{after:#?}"
    );
    // A pipeline task's reference declares the param in the Pipeline.
    let pipeline = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\nspec:\n  \
                    params:\n    - name: repo\n  tasks:\n    - name: a\n      taskSpec:\n        \
                    params:\n          - name: url\n        steps:\n          - image: alpine\n      \
                    params:\n        - name: url\n          value: $(params.registry)\n";
    let (_, found) = analyse(pipeline, &config);
    let undeclared = found
        .iter()
        .find(|d| d.rule == "pipeline-param-ref-undeclared")
        .expect("pipeline-param-ref-undeclared");
    let fixed = apply_fix(pipeline, undeclared);
    assert!(
        fixed.contains("  params:\n    - name: repo\n    - name: registry\n  tasks:"),
        "{fixed}"
    );
}

#[test]
fn a_missing_required_param_is_added_with_a_placeholder_of_its_type() {
    let config = AnalysisConfig::default();
    let task = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  \
                params:\n    - name: revision\n    - name: flags\n      type: array\n    \
                - name: env\n      type: object\n      properties:\n        region: {}\n  \
                steps:\n    - image: alpine\n";
    let pipeline = |params: &str| {
        format!(
            "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\nspec:\n  tasks:\n    \
             - name: a\n      taskRef:\n        name: build\n{params}"
        )
    };
    let check = |text: &str| {
        let mut workspace = Workspace::new();
        workspace.insert("task.yaml".into(), analyze_file(task, &config));
        workspace.insert("pipeline.yaml".into(), analyze_file(text, &config));
        rules::check_references(&workspace, &"pipeline.yaml".into(), &config)
    };
    // Without `params`, and after an existing one; each fix adds one param.
    for given in [
        "",
        "      params:\n        - name: revision\n          value: main\n",
    ] {
        let mut text = pipeline(given);
        for _ in 0..3 {
            let found = check(&text);
            let Some(missing) = found.iter().find(|d| d.rule == "run-param-missing") else {
                break;
            };
            text = apply_fix(&text, missing);
        }
        assert!(
            !check(&text).iter().any(|d| d.rule == "run-param-missing"),
            "{text}"
        );
        assert!(
            text.contains("        - name: flags\n          value: []\n"),
            "{text}"
        );
        assert!(
            text.contains("        - name: env\n          value: {region: \"\"}\n"),
            "{text}"
        );
    }
}

#[test]
fn an_unused_param_is_removed_unless_a_reference_elsewhere_passes_it() {
    let config = AnalysisConfig::default();
    let task = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  \
                params:\n    - name: verbose\n      default: \"false\"\n    - name: url\n  \
                workspaces:\n    - name: scratch\n  steps:\n    - name: build\n      \
                image: alpine:3.20\n      script: git clone $(params.url)\n";
    let pipeline = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: ci\nspec:\n  \
                    tasks:\n    - name: build\n      taskRef:\n        name: build\n      \
                    params:\n        - name: url\n          value: https://example.com/r.git\n        \
                    - name: verbose\n          value: \"true\"\n";
    let unused = |workspace: &Workspace, file: &FileRef| -> Vec<Diagnostic> {
        rules::check_references(workspace, file, &config)
            .into_iter()
            .filter(|d| d.rule == "param-unused" || d.rule == "workspace-unused")
            .collect()
    };
    let task_file = FileRef::from("task.yaml");
    let mut workspace = Workspace::new();
    workspace.insert(task_file.clone(), analyze_file(task, &config));
    // Alone, the Task's unused declarations are removed by their fixes.
    let found = unused(&workspace, &task_file);
    assert_eq!(found.len(), 2, "{found:#?}");
    let mut fixed = task.to_owned();
    for diagnostic in found.iter().rev() {
        fixed = apply_fix(&fixed, diagnostic);
    }
    assert_eq!(
        fixed,
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  params:\n    \
         - name: url\n  steps:\n    - name: build\n      image: alpine:3.20\n      \
         script: git clone $(params.url)\n"
    );
    // A Pipeline in another file passes `verbose`: it is part of the Task's interface.
    let pipeline_file = FileRef::from("pipeline.yaml");
    workspace.insert(pipeline_file.clone(), analyze_file(pipeline, &config));
    let found = unused(&workspace, &task_file);
    let verbose = found
        .iter()
        .find(|d| d.message.contains("`verbose`"))
        .expect("still reported");
    assert!(verbose.fix.is_none(), "{verbose:#?}");
    assert!(verbose.message.contains("no fix is offered"));
    let [passed] = verbose.related.as_slice() else {
        panic!("{verbose:#?}")
    };
    assert_eq!(passed.file.as_ref(), Some(&pipeline_file));
    assert_eq!(&pipeline[passed.span.start..passed.span.end], "verbose");
    // The workspace nobody binds keeps its fix.
    let scratch = found
        .iter()
        .find(|d| d.rule == "workspace-unused")
        .expect("scratch");
    assert!(scratch.fix.is_some());
}
