//! The names of a workspace: every param, result, workspace, pipeline task and step, where it is
//! declared and where it is used, across files.
//!
//! A name means something only where it is declared: `$(params.x)` in a step is the `x` of the
//! enclosing TaskSpec (or, in a pipeline task's embedded `taskSpec` that does not declare it,
//! the Pipeline's, which Tekton propagates); `params: [{name: x}]` under a pipeline task is the
//! `x` of the Task its `taskRef` names, in whatever file that is. So each occurrence is resolved
//! to a [`Symbol`]: a kind, a name and the spec that declares it ([`Owner`], a node of some
//! file). Navigation, rename, hover and the variable completions all ask the same question,
//! "which symbol is this", and get the same answer.
//!
//! References across files resolve as the checks resolve them (`Workspace::resolve`: the same
//! file first, else the one document of that kind and name, or the one a version or a folder
//! chooses among several; where several remain, the reference is ambiguous here, while the
//! checks try each). The walk is per document and
//! linear in its size; a search for every use of a symbol walks the symbol's own document and
//! the documents whose text mentions that document's name.

use tekton_analysis::rules::{self, view::View};
use tekton_analysis::syntax::NodeId;
use tekton_analysis::variables::{self, Reference, Variable};
use tekton_analysis::{Document, DocumentKind, FileAnalysis, FileRef, Span, TektonKind, Workspace};

/// The spec (or, for a document symbol, the document root) that declares a symbol.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Owner {
    pub file: FileRef,
    pub node: NodeId,
}

impl Owner {
    fn of(file: &FileRef, view: View<'_>) -> Owner {
        Owner {
            file: file.clone(),
            node: view.id(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SymbolKind {
    Param,
    /// A Task's (or StepAction's, or Pipeline's) result.
    Result,
    Workspace,
    PipelineTask,
    Step,
    /// A result of the named step.
    StepResult(String),
    /// A whole document, named by a `taskRef`, `pipelineRef` or step `ref`.
    Document(TektonKind),
}

impl SymbolKind {
    /// How the kind is called in messages.
    pub fn noun(&self) -> &'static str {
        match self {
            SymbolKind::Param => "param",
            SymbolKind::Result | SymbolKind::StepResult(_) => "result",
            SymbolKind::Workspace => "workspace",
            SymbolKind::PipelineTask => "pipeline task",
            SymbolKind::Step => "step",
            SymbolKind::Document(kind) => kind.as_str(),
        }
    }
}

/// A declared (or referenced but undeclared) name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Symbol {
    pub kind: SymbolKind,
    pub owner: Owner,
    pub name: String,
}

/// Why replacing an occurrence's span would not rename it correctly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Blocker {
    /// The name's text in the file could not be located exactly (an alias, or a scalar whose
    /// decoding changes the text).
    Inexact,
    /// A pipeline task's workspace binding without `workspace:`, whose `name` is both the
    /// Task's workspace and the Pipeline's.
    SharedBinding,
}

/// One place a symbol's name is written.
#[derive(Clone, Debug)]
pub(crate) struct Occurrence {
    pub symbol: Symbol,
    pub file: FileRef,
    /// The name itself (inside quotes and `$(...)`).
    pub span: Span,
    pub declaration: bool,
    pub blocker: Option<Blocker>,
}

/// A reference by name the workspace cannot resolve because several documents have the name.
#[derive(Clone, Debug)]
pub(crate) struct Ambiguous {
    pub kind: TektonKind,
    pub name: String,
    pub file: FileRef,
    pub span: Span,
}

/// The document a reference resolves to, and its `spec`.
#[derive(Clone, Copy)]
pub(crate) struct Target<'w> {
    pub file: &'w FileRef,
    pub spec: View<'w>,
}

impl<'w> Target<'w> {
    pub fn owner(&self) -> Owner {
        Owner::of(self.file, self.spec)
    }
}

/// What the references in a pipeline's tasks resolve against.
struct PipelineScope<'w> {
    owner: Owner,
    params: Vec<&'w str>,
    /// Each task's name and the spec it runs, when known.
    tasks: Vec<(&'w str, Option<Target<'w>>)>,
}

impl<'w> PipelineScope<'w> {
    fn target(&self, task: &str) -> Option<Target<'w>> {
        self.tasks
            .iter()
            .find(|(name, _)| *name == task)
            .and_then(|(_, target)| *target)
    }
}

/// The occurrences of one document.
pub(crate) struct Walk<'w> {
    workspace: &'w Workspace,
    file: &'w FileRef,
    text: &'w str,
    pub occurrences: Vec<Occurrence>,
    pub ambiguous: Vec<Ambiguous>,
}

impl<'w> Walk<'w> {
    /// Walks one document of `file`.
    pub fn document(workspace: &'w Workspace, file: &'w FileRef, document: &'w Document) -> Self {
        let text = workspace.get(file).map_or("", |a| a.text.as_str());
        let mut walk = Walk {
            workspace,
            file,
            text,
            occurrences: Vec::new(),
            ambiguous: Vec::new(),
        };
        let (DocumentKind::Tekton { kind, .. }, Some(root)) = (&document.kind, document.root)
        else {
            return walk;
        };
        let Some(tree) = workspace.get(file).map(|a| &a.syntax) else {
            return walk;
        };
        let root = View::new(tree, root);
        if let Some(name) = root.get("metadata").and_then(|m| m.get("name")) {
            let symbol = walk.symbol(SymbolKind::Document(*kind), Owner::of(file, root), name);
            walk.name(symbol, name, true);
        }
        let Some(spec) = root.get("spec").filter(|s| s.is_map()) else {
            return walk;
        };
        match kind {
            TektonKind::Task => walk.task_spec(spec, None),
            TektonKind::Pipeline => walk.pipeline_spec(spec),
            TektonKind::TaskRun => walk.task_run(spec),
            TektonKind::PipelineRun => walk.pipeline_run(spec),
            TektonKind::StepAction => walk.step_action(spec),
        }
        walk
    }

    fn symbol(&self, kind: SymbolKind, owner: Owner, name: View<'_>) -> Symbol {
        Symbol {
            kind,
            owner,
            name: name.str().unwrap_or_default().to_owned(),
        }
    }

    /// A name written as a whole scalar (`name: x`, a `runAfter` item).
    fn name(&mut self, symbol: Symbol, view: View<'_>, declaration: bool) {
        let Some(text) = view.str() else { return };
        if text.is_empty() {
            return;
        }
        self.push(symbol, view, 0..text.len(), declaration);
    }

    /// The name at `range` of the decoded scalar `view`.
    fn push(
        &mut self,
        symbol: Symbol,
        view: View<'_>,
        range: std::ops::Range<usize>,
        declaration: bool,
    ) {
        let span = view.sub_span(self.text, range);
        let exact = self.text.get(span.start..span.end) == Some(symbol.name.as_str());
        self.occurrences.push(Occurrence {
            symbol,
            file: self.file.clone(),
            span,
            declaration,
            blocker: (!exact).then_some(Blocker::Inexact),
        });
    }

    /// Declarations of a list's item names (`params`, `results`, `workspaces`, `steps`).
    fn declare_list(&mut self, list: Option<View<'_>>, kind: SymbolKind, owner: &Owner) {
        for item in list.into_iter().flat_map(View::items) {
            if let Some(name) = item.get("name") {
                let symbol = self.symbol(kind.clone(), owner.clone(), name);
                self.name(symbol, name, true);
            }
        }
    }

    /// References to a target's declarations by item name (`params: [{name: x}]` under a
    /// pipeline task or run).
    fn refer_list(&mut self, list: Option<View<'_>>, key: &str, kind: SymbolKind, owner: &Owner) {
        for item in list.into_iter().flat_map(View::items) {
            if let Some(name) = item.get(key) {
                let symbol = self.symbol(kind.clone(), owner.clone(), name);
                self.name(symbol, name, false);
            }
        }
    }

    /// The document `holder.<key>` names (a plain `taskRef`, `pipelineRef` or step `ref`),
    /// with an occurrence for the name.
    fn resolve_ref(
        &mut self,
        holder: View<'w>,
        key: &str,
        kind: TektonKind,
        kind_default: &str,
    ) -> Option<Target<'w>> {
        let name = rules::plain_ref(holder.get(key), kind_default)?;
        let version = rules::ref_version(holder.get(key));
        match resolve(self.workspace, self.file, kind, name.str()?, version) {
            Ok((target, root)) => {
                let symbol = self.symbol(SymbolKind::Document(kind), root, name);
                self.name(symbol, name, false);
                Some(target)
            }
            Err(matches) => {
                if matches > 1 {
                    self.ambiguous.push(Ambiguous {
                        kind,
                        name: name.str().unwrap_or_default().to_owned(),
                        file: self.file.clone(),
                        span: name.span(),
                    });
                }
                None
            }
        }
    }

    /// The spec a pipeline task, TaskRun or PipelineRun runs: inline, or through its reference.
    fn target(
        &mut self,
        holder: View<'w>,
        (reference, inline): (&str, &str),
        kind: TektonKind,
        kind_default: &str,
    ) -> Option<Target<'w>> {
        if let Some(spec) = holder.get(inline).filter(|s| s.is_map()) {
            return Some(Target {
                file: self.file,
                spec,
            });
        }
        self.resolve_ref(holder, reference, kind, kind_default)
    }

    fn task_spec(&mut self, spec: View<'w>, pipeline: Option<&PipelineScope<'w>>) {
        let owner = Owner::of(self.file, spec);
        let declared: Vec<&str> = rules::param_declarations(spec.get("params"))
            .iter()
            .map(|d| d.name)
            .collect();
        self.declare_list(spec.get("params"), SymbolKind::Param, &owner);
        self.declare_list(spec.get("results"), SymbolKind::Result, &owner);
        self.declare_list(spec.get("workspaces"), SymbolKind::Workspace, &owner);
        self.declare_list(spec.get("steps"), SymbolKind::Step, &owner);
        let scope = TaskScope {
            owner: &owner,
            declared: &declared,
            pipeline,
        };
        for step in spec.get("steps").into_iter().flat_map(View::items) {
            let step_name = step.get("name").and_then(View::str);
            if let Some(step_name) = step_name {
                let kind = SymbolKind::StepResult(step_name.to_owned());
                self.declare_list(step.get("results"), kind, &owner);
            }
            self.refer_list(
                step.get("workspaces"),
                "name",
                SymbolKind::Workspace,
                &owner,
            );
            if let Some(action) = self.resolve_ref(step, "ref", TektonKind::StepAction, "") {
                let action_owner = action.owner();
                self.refer_list(step.get("params"), "name", SymbolKind::Param, &action_owner);
            }
            for value in scalars(step, &[]) {
                self.task_references(value, &scope, step_name);
            }
        }
        for sidecar in spec.get("sidecars").into_iter().flat_map(View::items) {
            self.refer_list(
                sidecar.get("workspaces"),
                "name",
                SymbolKind::Workspace,
                &owner,
            );
        }
        for value in scalars(spec, &["steps"]) {
            self.task_references(value, &scope, None);
        }
    }

    fn task_references(&mut self, value: View<'w>, scope: &TaskScope<'_, 'w>, step: Option<&str>) {
        let Some(text) = value.str().filter(|t| t.contains("$(")) else {
            return;
        };
        for reference in variables::references(text) {
            let owner = scope.owner;
            match &reference.variable {
                Variable::Param { name, .. } => {
                    let owner = match scope.pipeline {
                        Some(pipeline)
                            if !scope.declared.contains(&name.text)
                                && pipeline.params.contains(&name.text) =>
                        {
                            &pipeline.owner
                        }
                        _ => owner,
                    };
                    self.reference(value, SymbolKind::Param, owner, name);
                }
                Variable::ResultPath { result, .. } => {
                    self.reference(value, SymbolKind::Result, owner, result);
                }
                Variable::Workspace { name, .. } => {
                    self.reference(value, SymbolKind::Workspace, owner, name);
                }
                Variable::StepResult {
                    step: producer,
                    result,
                    ..
                } => {
                    self.reference(value, SymbolKind::Step, owner, producer);
                    let kind = SymbolKind::StepResult(producer.text.to_owned());
                    self.reference(value, kind, owner, result);
                }
                Variable::StepResultPath { result, .. } => {
                    if let Some(step) = step {
                        let kind = SymbolKind::StepResult(step.to_owned());
                        self.reference(value, kind, owner, result);
                    }
                }
                Variable::StepExitCodePath { step: written } => {
                    // `steps.step-<name>.exitCode.path` names the step without its prefix.
                    if let Some(bare) = written.text.strip_prefix("step-") {
                        let start = written.range.start + "step-".len();
                        let name = variables::Name {
                            text: bare,
                            range: start..written.range.end,
                        };
                        self.reference(value, SymbolKind::Step, owner, &name);
                    }
                }
                _ => {
                    if let Some(pipeline) = scope.pipeline {
                        self.pipeline_reference(value, &reference, pipeline);
                    }
                }
            }
        }
    }

    fn reference(
        &mut self,
        value: View<'_>,
        kind: SymbolKind,
        owner: &Owner,
        name: &variables::Name<'_>,
    ) {
        let symbol = Symbol {
            kind,
            owner: owner.clone(),
            name: name.text.to_owned(),
        };
        self.push(symbol, value, name.range.clone(), false);
    }

    /// A reference in a pipeline task's fields or a pipeline result.
    fn pipeline_reference(
        &mut self,
        value: View<'w>,
        reference: &Reference<'_>,
        pipeline: &PipelineScope<'w>,
    ) {
        let owner = &pipeline.owner;
        match &reference.variable {
            Variable::Param { name, .. } => self.reference(value, SymbolKind::Param, owner, name),
            Variable::Workspace { name, .. } => {
                self.reference(value, SymbolKind::Workspace, owner, name);
            }
            Variable::TaskResult { task, result, .. } => {
                self.reference(value, SymbolKind::PipelineTask, owner, task);
                if let Some(target) = pipeline.target(task.text) {
                    self.reference(value, SymbolKind::Result, &target.owner(), result);
                }
            }
            Variable::TaskStatus { task, .. }
            | Variable::MatrixLength { task, .. }
            | Variable::TaskArtifact { task, .. } => {
                self.reference(value, SymbolKind::PipelineTask, owner, task);
            }
            _ => {}
        }
    }

    fn pipeline_spec(&mut self, spec: View<'w>) {
        let owner = Owner::of(self.file, spec);
        self.declare_list(spec.get("params"), SymbolKind::Param, &owner);
        self.declare_list(spec.get("workspaces"), SymbolKind::Workspace, &owner);
        self.declare_list(spec.get("results"), SymbolKind::Result, &owner);
        let mut tasks = Vec::new();
        for list in ["tasks", "finally"] {
            self.declare_list(spec.get(list), SymbolKind::PipelineTask, &owner);
            for task in spec.get(list).into_iter().flat_map(View::items) {
                let target = self
                    .target(task, ("taskRef", "taskSpec"), TektonKind::Task, "Task")
                    .or_else(|| {
                        self.target(
                            task,
                            ("pipelineRef", "pipelineSpec"),
                            TektonKind::Pipeline,
                            "",
                        )
                    });
                if let Some(name) = task.get("name").and_then(View::str) {
                    tasks.push((name, target));
                }
                self.task_bindings(task, target, &owner);
            }
        }
        let scope = PipelineScope {
            owner: owner.clone(),
            params: rules::param_declarations(spec.get("params"))
                .iter()
                .map(|d| d.name)
                .collect(),
            tasks,
        };
        for list in ["tasks", "finally"] {
            for task in spec.get(list).into_iter().flat_map(View::items) {
                for entry in task.get("runAfter").into_iter().flat_map(View::items) {
                    let symbol = self.symbol(SymbolKind::PipelineTask, owner.clone(), entry);
                    self.name(symbol, entry, false);
                }
                for value in scalars(task, &["taskSpec", "pipelineSpec", "runAfter"]) {
                    let Some(text) = value.str().filter(|t| t.contains("$(")) else {
                        continue;
                    };
                    for reference in variables::references(text) {
                        self.pipeline_reference(value, &reference, &scope);
                    }
                }
                if let Some(inline) = task.get("taskSpec").filter(|s| s.is_map()) {
                    self.task_spec(inline, Some(&scope));
                }
                if let Some(inline) = task.get("pipelineSpec").filter(|s| s.is_map()) {
                    self.pipeline_spec(inline);
                }
            }
        }
        for value in scalars(spec, &["tasks", "finally"]) {
            let Some(text) = value.str().filter(|t| t.contains("$(")) else {
                continue;
            };
            for reference in variables::references(text) {
                self.pipeline_reference(value, &reference, &scope);
            }
        }
    }

    /// A pipeline task's params and workspaces, named after its target's declarations.
    fn task_bindings(&mut self, task: View<'w>, target: Option<Target<'w>>, pipeline: &Owner) {
        if let Some(target) = target {
            let target_owner = target.owner();
            self.refer_list(task.get("params"), "name", SymbolKind::Param, &target_owner);
            if let Some(matrix) = task.get("matrix") {
                self.refer_list(
                    matrix.get("params"),
                    "name",
                    SymbolKind::Param,
                    &target_owner,
                );
                for include in matrix.get("include").into_iter().flat_map(View::items) {
                    let params = include.get("params");
                    self.refer_list(params, "name", SymbolKind::Param, &target_owner);
                }
            }
            self.refer_list(
                task.get("workspaces"),
                "name",
                SymbolKind::Workspace,
                &target_owner,
            );
        }
        for binding in task.get("workspaces").into_iter().flat_map(View::items) {
            match binding
                .get("workspace")
                .filter(|w| w.str().is_some_and(|s| !s.is_empty()))
            {
                Some(workspace) => {
                    let symbol = self.symbol(SymbolKind::Workspace, pipeline.clone(), workspace);
                    self.name(symbol, workspace, false);
                }
                None => {
                    // Without `workspace:`, the name is the Pipeline's workspace too: renaming
                    // either one through it would change the other.
                    if let Some(name) = binding.get("name") {
                        let symbol = self.symbol(SymbolKind::Workspace, pipeline.clone(), name);
                        self.name(symbol, name, false);
                        let shared = self.occurrences.last().map(|o| o.span);
                        for occurrence in &mut self.occurrences {
                            if Some(occurrence.span) == shared {
                                occurrence.blocker = Some(Blocker::SharedBinding);
                            }
                        }
                    }
                }
            }
        }
    }

    fn task_run(&mut self, spec: View<'w>) {
        let target = self.target(spec, ("taskRef", "taskSpec"), TektonKind::Task, "Task");
        if let Some(owner) = self.run_bindings(spec, target) {
            for list in ["stepSpecs", "stepOverrides"] {
                self.refer_list(spec.get(list), "name", SymbolKind::Step, &owner);
            }
        }
        if let Some(inline) = spec.get("taskSpec").filter(|s| s.is_map()) {
            self.task_spec(inline, None);
        }
    }

    fn pipeline_run(&mut self, spec: View<'w>) {
        let keys = ("pipelineRef", "pipelineSpec");
        let target = self.target(spec, keys, TektonKind::Pipeline, "");
        if let Some(owner) = self.run_bindings(spec, target) {
            let tasks = spec.get("taskRunSpecs");
            self.refer_list(tasks, "pipelineTaskName", SymbolKind::PipelineTask, &owner);
        }
        if let Some(inline) = spec.get("pipelineSpec").filter(|s| s.is_map()) {
            self.pipeline_spec(inline);
        }
    }

    /// A run's `params` and `workspaces`, named after its target's declarations; returns the
    /// target's owner.
    fn run_bindings(&mut self, spec: View<'w>, target: Option<Target<'w>>) -> Option<Owner> {
        let owner = target?.owner();
        self.refer_list(spec.get("params"), "name", SymbolKind::Param, &owner);
        let workspaces = spec.get("workspaces");
        self.refer_list(workspaces, "name", SymbolKind::Workspace, &owner);
        Some(owner)
    }

    fn step_action(&mut self, spec: View<'w>) {
        let owner = Owner::of(self.file, spec);
        self.declare_list(spec.get("params"), SymbolKind::Param, &owner);
        self.declare_list(spec.get("results"), SymbolKind::Result, &owner);
        for value in scalars(spec, &[]) {
            let Some(text) = value.str().filter(|t| t.contains("$(")) else {
                continue;
            };
            for reference in variables::references(text) {
                match &reference.variable {
                    Variable::Param { name, .. } => {
                        self.reference(value, SymbolKind::Param, &owner, name);
                    }
                    Variable::StepResultPath { result, .. } => {
                        self.reference(value, SymbolKind::Result, &owner, result);
                    }
                    _ => {}
                }
            }
        }
    }
}

/// What references in a TaskSpec resolve against.
struct TaskScope<'a, 'w> {
    owner: &'a Owner,
    /// The params the spec declares itself.
    declared: &'a [&'w str],
    /// The enclosing Pipeline, for an embedded `taskSpec`.
    pipeline: Option<&'a PipelineScope<'w>>,
}

/// The document of `kind` named `name` (of `version`, when the reference asks for one), as a
/// reference from `from` resolves it, and its root as the owner of the document symbol; `Err`
/// holds the number of candidates (0, or several nothing tells apart).
pub(crate) fn resolve<'w>(
    workspace: &'w Workspace,
    from: &FileRef,
    kind: TektonKind,
    name: &str,
    version: Option<&str>,
) -> Result<(Target<'w>, Owner), usize> {
    let resolution = workspace.resolve(from, kind, name, version);
    let (file, document) = resolution.only().ok_or(resolution.candidates.len())?;
    let tree = &workspace.get(file).ok_or(0usize)?.syntax;
    let root = View::new(tree, document.root.ok_or(0usize)?);
    let spec = root.get("spec").ok_or(0usize)?;
    let target = Target { file, spec };
    Ok((target, Owner::of(file, root)))
}

/// The spec `holder` runs (a pipeline task, a TaskRun's or PipelineRun's spec): the inline one
/// under `inline`, else the document its plain reference under `reference` names.
pub(crate) fn target_of<'w>(
    workspace: &'w Workspace,
    file: &'w FileRef,
    holder: View<'w>,
    kind: TektonKind,
) -> Option<Target<'w>> {
    let (reference, inline, kind_default) = match kind {
        TektonKind::Pipeline => ("pipelineRef", "pipelineSpec", ""),
        TektonKind::StepAction => ("ref", "", ""),
        _ => ("taskRef", "taskSpec", "Task"),
    };
    if let Some(spec) = holder.get(inline).filter(|s| s.is_map()) {
        return Some(Target { file, spec });
    }
    let name = rules::plain_ref(holder.get(reference), kind_default)?;
    let version = rules::ref_version(holder.get(reference));
    resolve(workspace, file, kind, name.str()?, version)
        .ok()
        .map(|(target, _)| target)
}

/// Every string scalar under `view`, except under the top-level keys in `skip`.
pub(crate) fn scalars<'t>(view: View<'t>, skip: &[&str]) -> Vec<View<'t>> {
    let mut out = Vec::new();
    if view.str().is_some() {
        out.push(view);
    }
    for item in view.items() {
        collect(item, &mut out);
    }
    for (key, value) in view.entries() {
        if !skip.contains(&key) {
            collect(value, &mut out);
        }
    }
    out
}

fn collect<'t>(view: View<'t>, out: &mut Vec<View<'t>>) {
    if view.str().is_some() {
        out.push(view);
        return;
    }
    for item in view.items() {
        collect(item, out);
    }
    for (_, value) in view.entries() {
        collect(value, out);
    }
}

/// The Tekton document of `analysis` that contains `offset`.
pub(crate) fn document_at(analysis: &FileAnalysis, offset: usize) -> Option<&Document> {
    analysis
        .documents
        .iter()
        .rev()
        .find(|d| d.span.start <= offset)
        .filter(|d| d.is_tekton())
}

/// The innermost occurrence at `offset` of `file`.
pub(crate) fn occurrence_at(
    workspace: &Workspace,
    file: &FileRef,
    offset: usize,
) -> Option<Occurrence> {
    let (file, analysis) = workspace.entry(file)?;
    let document = document_at(analysis, offset)?;
    // Names are scalar values, never keys: a cursor elsewhere needs no walk of the document.
    let cursor = analysis.syntax.cursor_path(document.root?, offset);
    let on_scalar = cursor
        .node
        .is_some_and(|node| analysis.syntax.scalar(node).is_some());
    if cursor.on_key || !on_scalar {
        return None;
    }
    Walk::document(workspace, file, document)
        .occurrences
        .into_iter()
        .filter(|o| o.span.touches(offset))
        .min_by_key(|o| o.span.len())
}

/// The document of a symbol's owner, and its file's analysis.
pub(crate) fn owner_document<'w>(
    workspace: &'w Workspace,
    owner: &Owner,
) -> Option<(&'w FileRef, &'w FileAnalysis, &'w Document)> {
    let (file, analysis) = workspace.entry(&owner.file)?;
    let span = analysis.syntax.get(owner.node)?.span;
    let document = analysis
        .documents
        .iter()
        .find(|d| d.span.start <= span.start && span.end <= d.span.end)?;
    Some((file, analysis, document))
}

/// Every occurrence of `symbol` in the workspace, and the references that could be one but are
/// ambiguous.
pub(crate) fn find_all(
    workspace: &Workspace,
    symbol: &Symbol,
) -> (Vec<Occurrence>, Vec<Ambiguous>) {
    let mut occurrences = Vec::new();
    let mut ambiguous = Vec::new();
    let Some((owner_file, _, owner_document)) = owner_document(workspace, &symbol.owner) else {
        return (occurrences, ambiguous);
    };
    // Other documents can only reach the symbol through its document's name.
    let name = owner_document.name();
    let owner_kind = match owner_document.kind {
        DocumentKind::Tekton { kind, .. } => Some(kind),
        _ => None,
    };
    for (file, analysis) in workspace.files() {
        for document in analysis.documents.iter().filter(|d| d.is_tekton()) {
            let own = file == owner_file && std::ptr::eq(document, owner_document);
            let mentions = name.is_some_and(|name| {
                analysis
                    .text
                    .get(document.span.start..document.span.end)
                    .is_some_and(|text| text.contains(name))
            });
            if !own && !mentions {
                continue;
            }
            let walk = Walk::document(workspace, file, document);
            occurrences.extend(walk.occurrences.into_iter().filter(|o| o.symbol == *symbol));
            ambiguous.extend(
                walk.ambiguous
                    .into_iter()
                    .filter(|a| Some(a.kind) == owner_kind && Some(a.name.as_str()) == name),
            );
        }
    }
    (occurrences, ambiguous)
}
