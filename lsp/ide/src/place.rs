//! The Tekton objects around a place of a document: the TaskSpec, step, PipelineSpec, pipeline
//! task or run spec a path leads through. Completion and hover decide by them which variables,
//! names and declarations apply.

use tekton_analysis::TektonKind;
use tekton_analysis::dag::Section;
use tekton_analysis::rules::view::View;
use tekton_analysis::syntax::{NodeId, PathSegment, SyntaxTree};

/// What a path of a Tekton document leads through (the innermost of each).
#[derive(Clone, Copy, Default)]
pub(crate) struct Place<'t> {
    /// A Task's spec, a pipeline task's or a TaskRun's `taskSpec`.
    pub task_spec: Option<View<'t>>,
    /// The step of `task_spec` the place is in, and its index.
    pub step: Option<(usize, View<'t>)>,
    /// A Pipeline's spec or a PipelineRun's `pipelineSpec`.
    pub pipeline_spec: Option<View<'t>>,
    /// The pipeline task the place is in, and its list.
    pub pipeline_task: Option<(View<'t>, Section)>,
    /// Inside `pipeline_spec.results`.
    pub pipeline_results: bool,
    /// A TaskRun's or PipelineRun's spec, and which.
    pub run_spec: Option<(View<'t>, TektonKind)>,
    /// A StepAction's spec.
    pub step_action: Option<View<'t>>,
    /// How many segments of the path exist in the tree.
    pub depth: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    TaskSpec,
    Steps,
    PipelineSpec,
    PipelineList(Section),
    PipelineTask,
    RunSpec(TektonKind),
    Other,
}

/// Follows `path` from the document root as far as the tree has it.
pub(crate) fn place<'t>(
    tree: &'t SyntaxTree,
    root: Option<NodeId>,
    kind: Option<TektonKind>,
    path: &[PathSegment],
) -> Place<'t> {
    let mut place = Place::default();
    let Some(root) = root else { return place };
    let mut view = View::new(tree, root);
    let mut state = State::Root;
    for segment in path {
        let next = match segment {
            PathSegment::Key(key) => view.get(key),
            PathSegment::Index(index) => view.items().nth(*index),
        };
        let Some(next) = next else { break };
        place.depth += 1;
        let key = match segment {
            PathSegment::Key(key) => Some(key.as_str()),
            PathSegment::Index(_) => None,
        };
        state = match (state, key) {
            (State::Root, Some("spec")) => match kind {
                Some(TektonKind::Task) => enter_task_spec(&mut place, next),
                Some(TektonKind::Pipeline) => enter_pipeline_spec(&mut place, next),
                Some(kind @ (TektonKind::TaskRun | TektonKind::PipelineRun)) => {
                    place.run_spec = Some((next, kind));
                    State::RunSpec(kind)
                }
                Some(TektonKind::StepAction) => {
                    place.step_action = Some(next);
                    State::Other
                }
                None => State::Other,
            },
            (State::TaskSpec, Some("steps")) => State::Steps,
            (State::Steps, None) => {
                if let PathSegment::Index(index) = segment {
                    place.step = Some((*index, next));
                }
                State::Other
            }
            (State::PipelineSpec, Some("tasks")) => State::PipelineList(Section::Tasks),
            (State::PipelineSpec, Some("finally")) => State::PipelineList(Section::Finally),
            (State::PipelineSpec, Some("results")) => {
                place.pipeline_results = true;
                State::Other
            }
            (State::PipelineList(section), None) => {
                place.pipeline_task = Some((next, section));
                State::PipelineTask
            }
            (State::PipelineTask, Some("taskSpec"))
            | (State::RunSpec(TektonKind::TaskRun), Some("taskSpec")) => {
                enter_task_spec(&mut place, next)
            }
            (State::PipelineTask, Some("pipelineSpec"))
            | (State::RunSpec(TektonKind::PipelineRun), Some("pipelineSpec")) => {
                enter_pipeline_spec(&mut place, next)
            }
            _ => State::Other,
        };
        view = next;
    }
    place
}

fn enter_task_spec<'t>(place: &mut Place<'t>, spec: View<'t>) -> State {
    place.task_spec = Some(spec);
    place.step = None;
    State::TaskSpec
}

fn enter_pipeline_spec<'t>(place: &mut Place<'t>, spec: View<'t>) -> State {
    place.pipeline_spec = Some(spec);
    place.pipeline_task = None;
    place.task_spec = None;
    place.step = None;
    State::PipelineSpec
}

/// The node at `path` from `root`, as far as the tree has it (`None` when it lacks a step).
pub(crate) fn view_at<'t>(
    tree: &'t SyntaxTree,
    root: Option<NodeId>,
    path: &[PathSegment],
) -> Option<View<'t>> {
    let mut view = View::new(tree, root?);
    for segment in path {
        view = match segment {
            PathSegment::Key(key) => view.get(key)?,
            PathSegment::Index(index) => view.items().nth(*index)?,
        };
    }
    Some(view)
}
