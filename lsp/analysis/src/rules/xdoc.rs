//! Rules across documents (catalogue §1.N, stage R): a pipeline task's or TaskRun's `taskRef`
//! against the Task, a PipelineRun's `pipelineRef` against the Pipeline, a step's `ref` against
//! the StepAction, when the referenced document is among the files of the [`Workspace`]. They
//! run wherever such a reference can appear: a Pipeline's and a PipelineRun's inline
//! `pipelineSpec`'s `tasks` and `finally`, and the steps of a Task, of a TaskRun's `taskSpec` and
//! of a pipeline task's `taskSpec` (`tests/xdoc_places.rs` holds every rule in every place).
//!
//! A reference is resolved by name with [`Workspace::resolve`], which may leave several
//! candidates (the catalog keeps one Task per version; a repository may keep old copies in a
//! test folder): each check then runs against every candidate and only what all of them reject
//! is reported, naming them in related information. A reference that says more than a name (a
//! resolver's `name` param, a bundle, keys we do not know) may fetch another document than the
//! workspace's, so its findings are at most warnings. A plain name that matches nothing is
//! `ref-unresolvable`, information only, since the document may live in the cluster.

use super::edit;
use super::engine::{Ctx, did_you_mean, related, replace};
use super::params::{self, ParamType};
use super::runs;
use super::view::View;
use super::{bounds, deprecation, matrix, pipeline, unused};
use crate::variables::{self, Variable};
use crate::{
    AnalysisConfig, Choice, Diagnostic, DocumentKind, FileAnalysis, FileRef, Fix, Related,
    Severity, Span, TektonKind, Workspace,
};

/// A referenced document: its file, text, `spec` and kind, and where it is named.
struct Target<'w> {
    file: &'w FileRef,
    text: &'w str,
    spec: View<'w>,
    kind: TektonKind,
    /// `metadata.name`'s value.
    name: Span,
}

/// One file's pass across documents.
struct Pass<'w> {
    workspace: &'w Workspace,
    file: &'w FileRef,
    /// Findings of references that say more than a name: at most warnings once levelled.
    capped: Vec<Diagnostic>,
}

/// A reference the checks across files follow.
pub(crate) struct Reference<'t> {
    /// The name looked up: the `name` key, or a resolver's `name` param value.
    pub name: View<'t>,
    /// The version it asks for: a resolver's `version` param, a bundle's tag.
    pub version: Option<&'t str>,
    /// Only `name` (and `kind`): nothing but the workspace's document can be meant.
    pub exact: bool,
    pub resolver: bool,
}

/// `reference` (a `taskRef`, `pipelineRef` or step `ref`) to a document of `kind`, when the
/// workspace may hold what it names: a plain reference ([`plain_ref`]), or a resolver's with a
/// `name` param (hub, bundles, cluster) whose `kind` param, if any, is `kind`.
pub(crate) fn reference(reference: Option<View<'_>>, kind: TektonKind) -> Option<Reference<'_>> {
    let view = reference?;
    if !view.has("resolver") {
        let kind_default = if kind == TektonKind::Task { "Task" } else { "" };
        let name = plain_ref(Some(view), kind_default)?;
        return Some(Reference {
            name,
            version: ref_version(Some(view)),
            exact: view
                .entries()
                .all(|(key, _)| key == "name" || key == "kind"),
            resolver: false,
        });
    }
    if view.has("apiVersion") {
        return None;
    }
    let params = items(view.get("params"));
    let param = |key: &str| {
        params
            .iter()
            .find(|p| p.get("name").and_then(View::str) == Some(key))
            .and_then(|p| p.get("value"))
    };
    let wanted = kind.as_str();
    if param("kind")
        .and_then(View::str)
        .is_some_and(|k| !k.eq_ignore_ascii_case(wanted))
    {
        return None;
    }
    Some(Reference {
        name: param("name").filter(|n| n.str().is_some())?,
        version: ref_version(Some(view)),
        exact: false,
        resolver: true,
    })
}

/// The version a reference asks for, to choose among same-named documents
/// ([`Workspace::resolve`]): a resolver's `version` param (hub), else the tag of its `bundle`
/// param or of a v1beta1 `bundle`.
pub fn ref_version(reference: Option<View<'_>>) -> Option<&str> {
    let reference = reference?;
    let param = |key: &str| {
        items(reference.get("params"))
            .into_iter()
            .find(|p| p.get("name").and_then(View::str) == Some(key))
            .and_then(|p| p.get("value")?.str())
    };
    param("version").or_else(|| {
        param("bundle")
            .or_else(|| reference.get("bundle").and_then(View::str))
            .and_then(image_tag)
    })
}

/// The tag of an image reference (`registry:5000/catalog/git-clone:0.9`), if it has one.
fn image_tag(image: &str) -> Option<&str> {
    let last = image.rsplit('/').next()?;
    let (_, tag) = last.split('@').next()?.split_once(':')?;
    Some(tag)
}

/// The documents `reference` may mean, with what the reports against them need.
struct Resolved<'w, 't> {
    reference: Reference<'t>,
    kind: TektonKind,
    targets: Vec<Target<'w>>,
    /// How many documents have the name, and why `targets` are those among them.
    matches: usize,
    choice: Choice,
}

/// Resolves `reference` from the pass's file; `None`, with `ref-unresolvable` for a plain
/// reference, when no document has the name.
fn resolve<'w, 't>(
    cx: &mut Ctx<'_>,
    pass: &Pass<'w>,
    kind: TektonKind,
    reference: Reference<'t>,
) -> Option<Resolved<'w, 't>> {
    let name = reference.name.str().unwrap_or_default();
    let resolution = pass
        .workspace
        .resolve(pass.file, kind, name, reference.version);
    let targets: Vec<Target<'w>> = resolution
        .candidates
        .iter()
        .filter_map(|(file, document)| {
            let analysis = pass.workspace.get(file)?;
            let root = View::new(&analysis.syntax, document.root?);
            Some(Target {
                file,
                text: &analysis.text,
                spec: root.get("spec")?,
                kind,
                name: root.get("metadata")?.get("name")?.span(),
            })
        })
        .collect();
    if targets.is_empty() {
        if resolution.matches == 0 && !reference.resolver {
            cx.report(
                "ref-unresolvable",
                reference.name.span(),
                format!(
                    "{} `{name}` is not among the files analysed; the reference is not checked",
                    kind.as_str()
                ),
            );
        }
        return None;
    }
    Some(Resolved {
        reference,
        kind,
        targets,
        matches: resolution.matches,
        choice: resolution.choice,
    })
}

impl Resolved<'_, '_> {
    /// Runs `check` against every candidate, each on its own, and reports what every one of
    /// them reports (same rule, span and message).
    fn check_each(
        &self,
        cx: &mut Ctx<'_>,
        capped: &mut Vec<Diagnostic>,
        mut check: impl FnMut(&mut Ctx<'_>, &Target<'_>),
    ) {
        let mut agreed: Option<Vec<Diagnostic>> = None;
        for target in &self.targets {
            // A candidate that rejects nothing empties the agreement; the rest cannot refill it.
            if agreed.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
            let mut own = Ctx::new(cx.text, cx.config, cx.version);
            check(&mut own, target);
            let found = own.into_diagnostics();
            agreed = Some(match agreed {
                None => found,
                Some(so_far) => so_far
                    .into_iter()
                    .filter_map(|mut d| {
                        let same = found.iter().find(|e| {
                            e.rule == d.rule && e.span == d.span && e.message == d.message
                        })?;
                        for r in &same.related {
                            if !d.related.contains(r) {
                                d.related.push(r.clone());
                            }
                        }
                        if d.fix != same.fix {
                            d.fix = None;
                        }
                        Some(d)
                    })
                    .collect(),
            });
        }
        self.report(cx, capped, agreed.unwrap_or_default());
    }

    /// Reports findings against the candidates: naming them when there are several or they
    /// were chosen among several, at most warnings (later, in `capped`) when the reference says
    /// more than a name.
    fn report(&self, cx: &mut Ctx<'_>, capped: &mut Vec<Diagnostic>, mut found: Vec<Diagnostic>) {
        let kind = self.kind.as_str();
        let name = self.reference.name.str().unwrap_or_default();
        let why = match self.choice {
            Choice::Only | Choice::SameFile => None,
            Choice::Version => Some("its version is the one the reference asks for"),
            Choice::Folder => Some("it is in this file's folder or version folder"),
            Choice::All => Some("nothing tells them apart, and each rejects this"),
        };
        if let Some(why) = why {
            let count = self.targets.len();
            let message = if count == 1 {
                format!(
                    "the {kind} checked, chosen among {} named `{name}`: {why}",
                    self.matches
                )
            } else {
                format!("one of the {count} {kind}s named `{name}` checked: {why}")
            };
            // Said in the message too: `check` prints no spans of other files.
            let note = match self.targets.as_slice() {
                [only] => format!(
                    " ({}, chosen among {} {kind}s named `{name}`)",
                    only.file, self.matches
                ),
                _ => format!(" (each of the {count} {kind}s named `{name}` says so)"),
            };
            for d in &mut found {
                d.message.push_str(&note);
                for target in &self.targets {
                    d.related.push(elsewhere(target, target.name, &message));
                }
            }
        }
        if self.reference.exact {
            cx.extend(found);
        } else {
            capped.extend(found);
        }
    }
}

/// Diagnostics of `file` that need other documents of the workspace.
pub fn check_references(
    workspace: &Workspace,
    file: &FileRef,
    config: &AnalysisConfig,
) -> Vec<Diagnostic> {
    let Some(analysis) = workspace.get(file) else {
        return Vec::new();
    };
    let mut pass = Pass {
        workspace,
        file,
        capped: Vec::new(),
    };
    let mut out = Vec::new();
    for document in &analysis.documents {
        let (DocumentKind::Tekton { version, kind }, Some(root)) = (&document.kind, document.root)
        else {
            continue;
        };
        let Some(spec) = View::new(&analysis.syntax, root).get("spec") else {
            continue;
        };
        let mut cx = Ctx::new(&analysis.text, config, *version);
        match kind {
            TektonKind::Pipeline => check_pipeline_spec(&mut cx, &mut pass, spec),
            TektonKind::TaskRun => {
                let enclosing = Enclosing {
                    optional: &[],
                    params: &[],
                };
                check_task_ref(&mut cx, &mut pass, spec, &enclosing);
                if let Some(inline) = spec.get("taskSpec") {
                    check_task_spec(&mut cx, &mut pass, inline);
                }
            }
            TektonKind::PipelineRun => {
                check_pipeline_ref(&mut cx, &mut pass, spec);
                if let Some(inline) = spec.get("pipelineSpec") {
                    check_pipeline_spec(&mut cx, &mut pass, inline);
                }
            }
            TektonKind::Task => check_task_spec(&mut cx, &mut pass, spec),
            TektonKind::StepAction => {}
        }
        unused::check(&mut cx, (workspace, file), *kind, document.name(), spec);
        deprecation::check(&mut cx, (workspace, file), *kind, spec);
        out.extend(cx.into_diagnostics());
    }
    crate::apply_levels(&mut out, config);
    let mut capped = pass.capped;
    crate::apply_levels(&mut capped, config);
    for d in &mut capped {
        d.severity = d.severity.max(Severity::Warning);
    }
    out.extend(capped);
    out
}

/// A PipelineSpec (a Pipeline's, or a PipelineRun's inline one): its tasks' and finally
/// tasks' `taskRef`s, the result and matrix references that need the referenced Tasks, and the
/// step `ref`s of inline taskSpecs.
fn check_pipeline_spec(cx: &mut Ctx<'_>, pass: &mut Pass<'_>, spec: View<'_>) {
    let optional: Vec<&str> = items(spec.get("workspaces"))
        .into_iter()
        .filter(|w| w.get("optional").and_then(View::bool) == Some(true))
        .filter_map(|w| w.get("name")?.str())
        .collect();
    let enclosing = Enclosing {
        optional: &optional,
        params: &params::declarations(spec.get("params")),
    };
    let all = pipeline_tasks(spec);
    // Producers whose one Task is surely the one: their result names are checked together.
    let mut declared = Vec::new();
    for &task in &all {
        if let Some(inline) = task.get("taskSpec") {
            check_task_spec(cx, pass, inline);
        }
        let Some(resolved) = check_task_ref(cx, pass, task, &enclosing) else {
            continue;
        };
        let Some(name) = task.get("name").and_then(View::str) else {
            continue;
        };
        let sure =
            resolved.reference.exact && matches!(resolved.choice, Choice::Only | Choice::SameFile);
        if sure {
            declared.push((name, pipeline::result_names(resolved.targets[0].spec)));
        } else {
            // A result is unknown when no candidate declares it.
            let mut names: Vec<&str> = Vec::new();
            for target in &resolved.targets {
                names.extend(pipeline::result_names(target.spec));
            }
            let mut own = Ctx::new(cx.text, cx.config, cx.version);
            pipeline::check_result_names(&mut own, spec, &[(name, names)]);
            resolved.report(cx, &mut pass.capped, own.into_diagnostics());
        }
        if matrix::is_matrixed(task) {
            // #97 was reported in-document; #98 for producers behind a taskRef.
            resolved.check_each(cx, &mut pass.capped, |cx, target| {
                let producer = [matrix::Producer {
                    name,
                    results: target.spec.get("results"),
                    file: Some(target.file),
                }];
                for &consumer in &all {
                    matrix::check_consumer(cx, consumer, &producer, false);
                }
            });
        }
    }
    pipeline::check_result_names(cx, spec, &declared);
}

/// A TaskSpec (a Task's, a TaskRun's or a pipeline task's inline one): its steps' `ref`s.
fn check_task_spec(cx: &mut Ctx<'_>, pass: &mut Pass<'_>, spec: View<'_>) {
    for step in items(spec.get("steps")) {
        check_step_ref(cx, pass, step);
    }
}

/// A PipelineSpec's tasks, then its finally tasks.
fn pipeline_tasks(spec: View<'_>) -> Vec<View<'_>> {
    let mut all = items(spec.get("tasks"));
    all.extend(items(spec.get("finally")));
    all
}

/// The documents `analysis` refers to by name for the checks across files (a pipeline task's or
/// TaskRun's `taskRef`, a PipelineRun's `pipelineRef`, a step's `ref`), as (kind, name): when a
/// document of that kind and name changes, this file's cross-file diagnostics may change too.
pub fn referenced_names(analysis: &FileAnalysis) -> Vec<(TektonKind, String)> {
    let mut names = Vec::new();
    for document in &analysis.documents {
        let (DocumentKind::Tekton { kind, .. }, Some(root)) = (&document.kind, document.root)
        else {
            continue;
        };
        let Some(spec) = View::new(&analysis.syntax, root).get("spec") else {
            continue;
        };
        match kind {
            TektonKind::Pipeline => pipeline_spec_names(spec, &mut names),
            TektonKind::TaskRun => {
                names.extend(ref_name(spec.get("taskRef"), TektonKind::Task));
                if let Some(inline) = spec.get("taskSpec") {
                    task_spec_names(inline, &mut names);
                }
            }
            TektonKind::PipelineRun => {
                names.extend(ref_name(spec.get("pipelineRef"), TektonKind::Pipeline));
                if let Some(inline) = spec.get("pipelineSpec") {
                    pipeline_spec_names(inline, &mut names);
                }
            }
            TektonKind::Task => task_spec_names(spec, &mut names),
            TektonKind::StepAction => {}
        }
    }
    names
}

fn ref_name(reference: Option<View<'_>>, kind: TektonKind) -> Option<(TektonKind, String)> {
    Some((
        kind,
        self::reference(reference, kind)?.name.str()?.to_owned(),
    ))
}

fn pipeline_spec_names(spec: View<'_>, names: &mut Vec<(TektonKind, String)>) {
    for task in pipeline_tasks(spec) {
        names.extend(ref_name(task.get("taskRef"), TektonKind::Task));
        if let Some(inline) = task.get("taskSpec") {
            task_spec_names(inline, names);
        }
    }
}

fn task_spec_names(spec: View<'_>, names: &mut Vec<(TektonKind, String)>) {
    for step in items(spec.get("steps")) {
        names.extend(ref_name(step.get("ref"), TektonKind::StepAction));
    }
}

/// A reference the workspace can resolve (`taskRef`, `pipelineRef`, a step's `ref`: no resolver,
/// no custom kind; `kind_default` is the kind it names when `kind` is absent, `""` where there
/// is no `kind`): the `name` value to look up.
pub fn plain_ref<'t>(reference: Option<View<'t>>, kind_default: &str) -> Option<View<'t>> {
    let reference = reference?;
    let kind = reference
        .get("kind")
        .and_then(View::str)
        .unwrap_or(kind_default);
    if reference.has("resolver")
        || reference.has("params")
        || reference.has("apiVersion")
        || kind != kind_default
    {
        return None;
    }
    reference.get("name").filter(|n| n.str().is_some())
}

fn items(list: Option<View<'_>>) -> Vec<View<'_>> {
    list.into_iter().flat_map(View::items).collect()
}

/// How a pipeline task or run gives a param.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Given {
    Param,
    /// `matrix.params`: fanned out, so each run gets one string.
    Matrix,
    /// `matrix.include[].params`
    Include,
}

/// What a pipeline task's Pipeline declares (empty for a TaskRun).
struct Enclosing<'a, 't> {
    /// Workspaces marked `optional`.
    optional: &'a [&'a str],
    params: &'a [params::ParamDecl<'t>],
}

/// A pipeline task or TaskRun (`holder`) against the Task its `taskRef` names; returns what
/// it resolved to.
fn check_task_ref<'w, 't>(
    cx: &mut Ctx<'_>,
    pass: &mut Pass<'w>,
    holder: View<'t>,
    enclosing: &Enclosing<'_, '_>,
) -> Option<Resolved<'w, 't>> {
    let reference = reference(holder.get("taskRef"), TektonKind::Task)?;
    let resolved = resolve(cx, pass, TektonKind::Task, reference)?;
    let name = resolved.reference.name;
    let mut passed: Vec<(Given, View<'_>)> = Vec::new();
    passed.extend(
        items(holder.get("params"))
            .into_iter()
            .map(|p| (Given::Param, p)),
    );
    if let Some(matrix) = holder.get("matrix") {
        passed.extend(
            items(matrix.get("params"))
                .into_iter()
                .map(|p| (Given::Matrix, p)),
        );
        for include in items(matrix.get("include")) {
            passed.extend(
                items(include.get("params"))
                    .into_iter()
                    .map(|p| (Given::Include, p)),
            );
        }
    }
    let (given, fanned) = bounds::pipeline_task_params(holder);
    resolved.check_each(cx, &mut pass.capped, |cx, target| {
        let declared = params::declarations(target.spec.get("params"));
        check_params(
            cx,
            target,
            &declared,
            (holder, name),
            &passed,
            Some(enclosing.params),
        );
        check_extra_params(cx, target, &declared, name, &passed);
        let lengths = bounds::lengths(&declared, &given, &fanned);
        let strings = || bounds::task_spec_strings(target.spec);
        let at = (target.file, target.text);
        bounds::report_elsewhere(cx, name.span(), at, strings, &lengths);
        check_workspaces(cx, target, name, holder.get("workspaces"), true);
        check_optional_workspaces(cx, target, holder, enclosing.optional);
        check_step_specs(cx, target, holder);
    });
    Some(resolved)
}

/// A PipelineRun against the Pipeline its `pipelineRef` names.
fn check_pipeline_ref(cx: &mut Ctx<'_>, pass: &mut Pass<'_>, spec: View<'_>) {
    let Some(reference) = reference(spec.get("pipelineRef"), TektonKind::Pipeline) else {
        return;
    };
    let Some(resolved) = resolve(cx, pass, TektonKind::Pipeline, reference) else {
        return;
    };
    let name = resolved.reference.name;
    let passed: Vec<(Given, View<'_>)> = items(spec.get("params"))
        .into_iter()
        .map(|p| (Given::Param, p))
        .collect();
    let given = runs::given(spec);
    resolved.check_each(cx, &mut pass.capped, |cx, target| {
        let declared = params::declarations(target.spec.get("params"));
        check_params(cx, target, &declared, (spec, name), &passed, None);
        check_extra_params(cx, target, &declared, name, &passed);
        let lengths = bounds::lengths(&declared, &given, &[]);
        let strings = || bounds::pipeline_spec_strings(target.spec);
        let at = (target.file, target.text);
        bounds::report_elsewhere(cx, name.span(), at, strings, &lengths);
        check_workspaces(cx, target, name, spec.get("workspaces"), false);
        runs::check_task_run_specs(cx, spec, target.spec);
    });
}

fn elsewhere(target: &Target<'_>, span: Span, message: &str) -> Related {
    Related {
        file: Some(target.file.clone()),
        span,
        message: message.to_owned(),
    }
}

/// #116–#120 (#120 for pipeline tasks and TaskRuns, whose `pipeline_params` is `Some`) on the
/// params `holder` (a pipeline task or a run's spec) gives the target named at `at`.
fn check_params(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    declared: &[params::ParamDecl<'_>],
    (holder, at): (View<'_>, View<'_>),
    passed: &[(Given, View<'_>)],
    pipeline_params: Option<&[params::ParamDecl<'_>]>,
) {
    let given: Vec<&str> = passed
        .iter()
        .filter_map(|(_, p)| p.get("name")?.str())
        .collect();
    for decl in declared
        .iter()
        .filter(|d| !d.has_default() && !given.contains(&d.name))
    {
        let item = [
            format!("name: {}", decl.name),
            format!("value: {}", decl.placeholder()),
        ];
        let fix = edit::add_list_item(cx.text, holder, "params", &item).map(|edit| Fix {
            title: format!("add param `{}`", decl.name),
            edits: vec![edit],
        });
        if let Some(d) = cx.report(
            "run-param-missing",
            at.span(),
            format!("param `{}` has no default and is not given", decl.name),
        ) {
            let message = "declared here, without a default";
            d.related
                .push(elsewhere(target, decl.name_view.span(), message));
            d.fix = fix;
        }
    }
    for &(how, item) in passed {
        let Some(text) = item.get("name").and_then(View::str) else {
            continue;
        };
        if let Some(decl) = declared.iter().find(|d| d.name == text) {
            check_value(cx, target, decl, how, item, pipeline_params.unwrap_or(&[]));
        }
    }
}

/// A param the Task or Pipeline does not declare: ignored by Tekton, so likely a typo.
fn check_extra_params(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    declared: &[params::ParamDecl<'_>],
    at: View<'_>,
    passed: &[(Given, View<'_>)],
) {
    let kind = match target.kind {
        TektonKind::Pipeline => "Pipeline",
        _ => "Task",
    };
    for name in passed.iter().filter_map(|(_, p)| p.get("name")) {
        let Some(text) = name.str() else { continue };
        if declared.iter().any(|d| d.name == text) {
            continue;
        }
        let suggestion = did_you_mean(text, declared.iter().map(|d| d.name));
        let mut message = format!("the {kind} declares no param `{text}`; it is ignored");
        if let Some(s) = suggestion {
            message.push_str(&format!(" (did you mean `{s}`?)"));
        }
        if let Some(d) = cx.report("pipeline-task-extra-param", name.span(), message) {
            related(d, at.span(), format!("the {kind} referenced"));
            if let Some(s) = suggestion {
                d.fix = Some(replace(format!("rename to `{s}`"), name.span(), s));
            }
        }
    }
}

/// #117, #118: a given value against its declaration.
fn check_value(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    decl: &params::ParamDecl<'_>,
    how: Given,
    item: View<'_>,
    pipeline_params: &[params::ParamDecl<'_>],
) {
    let declared_here = |d: &mut Diagnostic| {
        d.related
            .push(elsewhere(target, decl.name_view.span(), "declared here"));
    };
    if how == Given::Matrix {
        if decl.ty != ParamType::String
            && let Some(name) = item.get("name")
            && let Some(d) = cx.report(
                "run-param-type-mismatch",
                name.span(),
                format!(
                    "a matrix param fans out to strings, but `{}` is declared {}",
                    decl.name,
                    decl.ty.as_str()
                ),
            )
        {
            declared_here(d);
        }
        return;
    }
    let Some(value) = item.get("value") else {
        return;
    };
    let shape = ParamType::of_value(value);
    // One whole reference is substituted before the check and may be of any type.
    let reference = value.str().is_some_and(
        |text| matches!(variables::references(text).as_slice(), [r] if r.is_isolated_in(text)),
    );
    if shape != decl.ty && !reference {
        if let Some(d) = cx.report(
            "run-param-type-mismatch",
            value.span(),
            format!(
                "`{}` is declared {} but given {}",
                decl.name,
                decl.ty.as_str(),
                shape.as_str()
            ),
        ) {
            declared_here(d);
        }
        return;
    }
    if let Some(allowed) = decl.decl.get("enum")
        && cx.config.feature_flags.enable_param_enum
        && let Some(text) = value.scalar_text()
        && !text.is_empty()
        && !reference
        && !allowed.items().any(|a| a.scalar_text() == Some(text))
        && let Some(d) = cx.report(
            "param-enum-value-invalid",
            value.span(),
            format!("`{text}` is not in the enum of param `{}`", decl.name),
        )
    {
        declared_here(d);
    }
    check_enum_subset(cx, target, decl, value, pipeline_params);
    if decl.ty == ParamType::Object && value.is_map() {
        let keys: Vec<&str> = value.entries().map(|(k, _)| k).collect();
        let missing: Vec<&str> = decl.properties().filter(|p| !keys.contains(p)).collect();
        if !missing.is_empty()
            && let Some(d) = cx.report(
                "run-param-object-keys-missing",
                value.span(),
                format!(
                    "object param `{}` needs the keys {}",
                    decl.name,
                    missing.join(", ")
                ),
            )
        {
            declared_here(d);
        }
    }
}

/// #122, #123 (bindings must match the Task's workspaces; a PipelineRun may bind extra ones).
fn check_workspaces(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    at: View<'_>,
    bindings: Option<View<'_>>,
    check_unknown: bool,
) {
    let declared: Vec<View<'_>> = target
        .spec
        .get("workspaces")
        .into_iter()
        .flat_map(View::items)
        .collect();
    let names: Vec<&str> = declared
        .iter()
        .filter_map(|d| d.get("name")?.str())
        .collect();
    let bound: Vec<View<'_>> = bindings
        .into_iter()
        .flat_map(View::items)
        .filter_map(|b| b.get("name"))
        .collect();
    let bound_names: Vec<&str> = bound.iter().filter_map(|b| b.str()).collect();
    for decl in &declared {
        let Some(name) = decl.get("name") else {
            continue;
        };
        let Some(text) = name.str() else { continue };
        let optional = decl.get("optional").and_then(View::bool) == Some(true);
        if !optional
            && !bound_names.contains(&text)
            && let Some(d) = cx.report(
                "run-workspace-missing",
                at.span(),
                format!("workspace `{text}` is required but not bound"),
            )
        {
            d.related
                .push(elsewhere(target, name.span(), "declared here"));
        }
    }
    if !check_unknown {
        return;
    }
    for name in bound {
        let Some(text) = name.str() else { continue };
        if names.contains(&text) {
            continue;
        }
        let suggestion = did_you_mean(text, names.iter().copied());
        if let Some(d) = cx.report(
            "run-workspace-unknown",
            name.span(),
            format!("the Task declares no workspace `{text}`"),
        ) && let Some(s) = suggestion
        {
            d.fix = Some(replace(format!("rename to `{s}`"), name.span(), s));
        }
    }
}

/// #124: an optional Pipeline workspace bound to a Task workspace that is required.
fn check_optional_workspaces(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    holder: View<'_>,
    optional: &[&str],
) {
    for binding in holder.get("workspaces").into_iter().flat_map(View::items) {
        let (Some(name), Some(source)) = (
            binding.get("name").and_then(View::str),
            binding
                .get("workspace")
                .filter(|w| w.str().is_some_and(|s| optional.contains(&s))),
        ) else {
            continue;
        };
        let required = target
            .spec
            .get("workspaces")
            .into_iter()
            .flat_map(View::items)
            .find(|w| w.get("name").and_then(View::str) == Some(name))
            .filter(|w| w.get("optional").and_then(View::bool) != Some(true));
        if let Some(required) = required
            && let Some(d) = cx.report(
                "optional-workspace-to-required",
                source.span(),
                format!("optional pipeline workspace `{}` is bound to the Task's required workspace `{name}`", source.str().unwrap_or_default()),
            )
        {
            d.related.push(elsewhere(target, required.head_span(), "required here"));
        }
    }
}

/// #128: `stepSpecs`/`sidecarSpecs` (v1beta1 `stepOverrides`/`sidecarOverrides`) must name
/// steps or sidecars of the Task.
fn check_step_specs(cx: &mut Ctx<'_>, target: &Target<'_>, holder: View<'_>) {
    for (lists, containers) in [
        (["stepSpecs", "stepOverrides"], "steps"),
        (["sidecarSpecs", "sidecarOverrides"], "sidecars"),
    ] {
        let names: Vec<&str> = target
            .spec
            .get(containers)
            .into_iter()
            .flat_map(View::items)
            .filter_map(|c| c.get("name")?.str())
            .collect();
        let overrides = lists
            .iter()
            .filter_map(|key| holder.get(key))
            .flat_map(View::items);
        for name in overrides.filter_map(|o| o.get("name")) {
            let Some(text) = name.str() else { continue };
            if names.contains(&text) {
                continue;
            }
            let suggestion = did_you_mean(text, names.iter().copied());
            if let Some(d) = cx.report(
                "step-spec-unknown-step",
                name.span(),
                format!(
                    "the Task has no {} named `{text}`",
                    &containers[..containers.len() - 1]
                ),
            ) && let Some(s) = suggestion
            {
                d.fix = Some(replace(format!("rename to `{s}`"), name.span(), s));
            }
        }
    }
}

/// #130: a step's `ref` against the StepAction: no undeclared params, every required one given.
fn check_step_ref(cx: &mut Ctx<'_>, pass: &mut Pass<'_>, step: View<'_>) {
    let Some(reference) = reference(step.get("ref"), TektonKind::StepAction) else {
        return;
    };
    let Some(resolved) = resolve(cx, pass, TektonKind::StepAction, reference) else {
        return;
    };
    let name = resolved.reference.name;
    let given = items(step.get("params"));
    let given_names: Vec<&str> = given.iter().filter_map(|p| p.get("name")?.str()).collect();
    resolved.check_each(cx, &mut pass.capped, |cx, target| {
        let declared = params::declarations(target.spec.get("params"));
        for decl in &declared {
            if !decl.decl.has("default")
                && !given_names.contains(&decl.name)
                && let Some(d) = cx.report(
                    "stepaction-params-mismatch",
                    name.span(),
                    format!(
                        "StepAction param `{}` has no default and is not given",
                        decl.name
                    ),
                )
            {
                d.related
                    .push(elsewhere(target, decl.name_view.span(), "declared here"));
            }
        }
        for param in given.iter().filter_map(|p| p.get("name")) {
            let Some(text) = param.str() else { continue };
            if declared.iter().any(|d| d.name == text) {
                continue;
            }
            let suggestion = did_you_mean(text, declared.iter().map(|d| d.name));
            if let Some(d) = cx.report(
                "stepaction-params-mismatch",
                param.span(),
                format!("the StepAction declares no param `{text}`"),
            ) && let Some(s) = suggestion
            {
                d.fix = Some(replace(format!("rename to `{s}`"), param.span(), s));
            }
        }
    });
}

/// #120: a Task param with an `enum` given exactly `$(params.P)` needs the Pipeline param `P` to
/// have an `enum` within it.
fn check_enum_subset(
    cx: &mut Ctx<'_>,
    target: &Target<'_>,
    decl: &params::ParamDecl<'_>,
    value: View<'_>,
    pipeline_params: &[params::ParamDecl<'_>],
) {
    let Some(allowed) = decl.decl.get("enum") else {
        return;
    };
    let Some(text) = value.str() else { return };
    if !cx.config.feature_flags.enable_param_enum {
        return;
    }
    let references = variables::references(text);
    let [reference] = references.as_slice() else {
        return;
    };
    let Variable::Param { name, .. } = &reference.variable else {
        return;
    };
    let Some(outer) = pipeline_params.iter().find(|p| p.name == name.text) else {
        return;
    };
    if !reference.is_isolated_in(text) {
        return;
    }
    let allowed: Vec<&str> = allowed.items().filter_map(View::scalar_text).collect();
    let subset = outer.decl.get("enum").is_some_and(|e| {
        e.items()
            .filter_map(View::scalar_text)
            .all(|v| allowed.contains(&v))
    });
    if !subset
        && let Some(d) = cx.report(
            "param-enum-not-subset",
            value.span(),
            format!(
                "the Task's param `{}` allows only {}; the Pipeline param `{}` needs an `enum` within it",
                decl.name,
                allowed.join(", "),
                outer.name
            ),
        )
    {
        d.related.push(elsewhere(target, decl.name_view.span(), "enum declared here"));
        related(d, outer.name_view.span(), "the Pipeline param");
    }
}
