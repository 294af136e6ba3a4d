//! The run tracker: which TaskRun attempts to stream, labelled how, and when the run is
//! over.
//!
//! Following, it is driven by watches, a constant number of requests however often the
//! run changes: the root run by name, the TaskRuns labelled
//! `tekton.dev/pipelineRun=NAME`, and for pipelines in pipelines the child PipelineRuns
//! and their TaskRuns likewise. Each TaskRun's latest version is published to its
//! attempts' streamers ([`Progress`]), which follow their containers as they start and
//! end. Without `--follow` it reads the runs once (a GET and a LIST per PipelineRun) and
//! streams every attempt in the pipeline's order, a few ahead so that output never waits
//! on a round trip.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use futures::StreamExt;
use futures::stream::{BoxStream, SelectAll};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use kube::api::ListParams;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::attempt::{Attempt, Selection, stream_attempt};
use super::order::{self, TaskOrder};
use super::output::{Event, Source};
use super::progress::Progress;
use super::runs::{self, ChildReference, PipelineRun, State, TaskRun, label};
use super::stream::{Ended, Window};
use super::summary::{self, Exit, FailedTask};
use crate::error::{Action, Error};
use crate::resource::{ApiVersion, Kind};

/// The run to show, as read from the cluster.
#[derive(Clone, Debug)]
pub enum Target {
    PipelineRun(PipelineRun),
    TaskRun(TaskRun),
}

/// Where and what to show.
#[derive(Clone)]
pub struct Context {
    pub client: Client,
    pub namespace: String,
    /// The API server's address, for messages.
    pub server: String,
    /// The `tekton.dev` version the cluster serves.
    pub version: ApiVersion,
    pub window: Window,
    pub selection: Arc<Selection>,
    /// `--task`: only these pipeline tasks (all when empty).
    pub tasks: Vec<String>,
}

impl Context {
    fn pipeline_runs(&self) -> Api<PipelineRun> {
        Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &Kind::PipelineRun.api_resource(self.version),
        )
    }

    fn task_runs(&self) -> Api<TaskRun> {
        Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &Kind::TaskRun.api_resource(self.version),
        )
    }

    fn pods(&self) -> Api<Pod> {
        Api::namespaced(self.client.clone(), &self.namespace)
    }

    /// Turns a failed request of `verb` on `kind` into the plugin's one-sentence error.
    fn fail(&self, verb: &'static str, kind: Kind) -> impl Fn(kube::Error) -> Error + '_ {
        move |error| {
            Error::from_kube(
                error,
                &Action::new(verb, kind, Some(&self.namespace)),
                &self.server,
            )
        }
    }

    /// Whether `--task` asks for the task at `path` (`outer/inner` for a task of a child
    /// PipelineRun): a filter names the task itself, or a pipeline task whose child
    /// PipelineRun holds it.
    fn wants_task(&self, path: &str) -> bool {
        let own_name = path.rsplit('/').next().unwrap_or(path);
        self.tasks.is_empty()
            || self.tasks.iter().any(|t| {
                t == own_name
                    || t == path
                    || path
                        .strip_prefix(t.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// How a log ended.
#[derive(Debug)]
pub struct Outcome {
    pub exit: Exit,
    pub summary: String,
}

/// Where a TaskRun's lines go: its label (without step and attempt), and its place in
/// the order.
#[derive(Clone, Debug)]
struct Place {
    task: String,
    matrix: Option<usize>,
    /// Ranks of the pipeline task at each level (child PipelineRuns add levels).
    rank: Vec<usize>,
}

/// The runs read so far: PipelineRuns (the root and its children) and the order of each.
#[derive(Default)]
struct Tree {
    root: String,
    pipeline_runs: HashMap<String, (PipelineRun, TaskOrder)>,
}

impl Tree {
    fn add(&mut self, run: PipelineRun) {
        let order = run
            .status
            .as_ref()
            .and_then(|s| s.pipeline_spec.as_ref())
            .map(TaskOrder::new)
            .unwrap_or_default();
        self.pipeline_runs
            .insert(run.name().to_owned(), (run, order));
    }

    /// The task-name prefix and ranks of the tasks of PipelineRun `name`: empty for the
    /// root, `outer/` for a child run by pipeline task `outer`.
    fn path(&self, name: &str) -> Option<(String, Vec<usize>)> {
        if name == self.root {
            return Some((String::new(), Vec::new()));
        }
        let (run, _) = self.pipeline_runs.get(name)?;
        let parent = run.label(label::PIPELINE_RUN)?;
        let task = run.label(label::PIPELINE_TASK)?;
        if parent == name {
            return None;
        }
        let (prefix, mut rank) = self.path(parent)?;
        let (_, order) = self.pipeline_runs.get(parent)?;
        rank.push(order.rank(task));
        Some((format!("{prefix}{task}/"), rank))
    }

    /// Where a TaskRun of this tree goes; `None` until its parent says enough about it
    /// (a matrix TaskRun needs its place in the parent's child references).
    fn place(&self, run: &TaskRun) -> Option<Place> {
        let parent_name = run.label(label::PIPELINE_RUN)?;
        let (parent, order) = self.pipeline_runs.get(parent_name)?;
        // Until the parent has resolved its pipeline, neither the order nor the matrix
        // tasks are known.
        let spec = parent.status.as_ref()?.pipeline_spec.as_ref()?;
        let (prefix, mut rank) = self.path(parent_name)?;
        let task = run.label(label::PIPELINE_TASK)?;
        rank.push(order.rank(task));
        let matrix = if order::fans_out(spec, task) {
            let index = parent
                .children()
                .iter()
                .filter(|c| c.kind == "TaskRun" && c.pipeline_task_name == task)
                .position(|c| c.name == run.name())?;
            Some(index)
        } else {
            None
        };
        Some(Place {
            task: format!("{prefix}{task}"),
            matrix,
            rank,
        })
    }

    /// Notes on the tasks of every PipelineRun of the tree that have no log: skipped
    /// tasks and custom runs, keyed for ordering.
    fn notes(&self, ctx: &Context) -> Vec<(String, Vec<usize>, String)> {
        let mut out = Vec::new();
        for (name, (run, order)) in &self.pipeline_runs {
            let Some((prefix, rank)) = self.path(name) else {
                continue;
            };
            let Some(status) = &run.status else { continue };
            for skipped in &status.skipped_tasks {
                if !ctx.wants_task(&format!("{prefix}{}", skipped.name)) {
                    continue;
                }
                let mut why = skipped.reason.clone();
                if !skipped.when_expressions.is_empty() {
                    let when: Vec<String> = skipped
                        .when_expressions
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    why.push_str(&format!(" (when: {})", when.join("; ")));
                }
                let mut at = rank.clone();
                at.push(order.rank(&skipped.name));
                let key = format!("skipped {name}/{}", skipped.name);
                out.push((
                    key,
                    at,
                    format!("[{prefix}{}] skipped: {why}", skipped.name),
                ));
            }
            for child in run.children().iter().filter(|c| c.kind == "CustomRun") {
                if !ctx.wants_task(&format!("{prefix}{}", child.pipeline_task_name)) {
                    continue;
                }
                let mut at = rank.clone();
                at.push(order.rank(&child.pipeline_task_name));
                out.push((
                    format!("custom {}", child.name),
                    at,
                    custom_run_note(&prefix, child),
                ));
            }
        }
        out
    }

    /// Every child reference of every PipelineRun of the tree, with the task path of
    /// the pipeline task it runs.
    fn children(&self) -> impl Iterator<Item = (String, &ChildReference)> {
        self.pipeline_runs.iter().flat_map(|(name, (run, _))| {
            let prefix = self
                .path(name)
                .map(|(prefix, _)| prefix)
                .unwrap_or_default();
            run.children()
                .iter()
                .map(move |child| (format!("{prefix}{}", child.pipeline_task_name), child))
        })
    }
}

fn custom_run_note(prefix: &str, child: &ChildReference) -> String {
    format!(
        "[{prefix}{}] runs as CustomRun {}: a custom task has no pod, so there is no log to stream (see `kubectl get customrun {}`)",
        child.pipeline_task_name, child.name, child.name
    )
}

/// The label of a TaskRun that is the target itself (not found through a PipelineRun):
/// its pipeline task's or Task's name, else its own. A run just created has none of
/// Tekton's labels yet, but its spec names its Task.
fn own_place(run: &TaskRun) -> Place {
    let task = run
        .label(label::PIPELINE_TASK)
        .or_else(|| run.label(label::TASK))
        .or_else(|| {
            let name = run.spec.task_ref.as_ref()?.name.as_str();
            (!name.is_empty()).then_some(name)
        })
        .unwrap_or_else(|| run.name());
    Place {
        task: task.to_owned(),
        matrix: None,
        rank: Vec::new(),
    }
}

/// Colours per task, in the order tasks are first shown.
#[derive(Default)]
struct Colours(HashMap<String, usize>);

impl Colours {
    fn of(&mut self, task: &str) -> usize {
        let next = self.0.len();
        *self.0.entry(task.to_owned()).or_insert(next)
    }
}

fn source(place: &Place, run: &TaskRun, attempt: usize, colour: usize) -> Source {
    Source {
        task: place.task.clone(),
        matrix: place.matrix,
        attempt,
        show_attempt: run.spec.retries.is_some_and(|r| r > 0),
        step: String::new(),
        colour,
    }
}

fn pod_of(run: &TaskRun, attempt: usize) -> Option<String> {
    run.attempt(attempt)
        .filter(|(status, _)| status.has_pod())
        .and_then(|(status, _)| status.pod_name.clone())
}

fn retry_note(place_label: &str, run: &TaskRun, attempt: usize) -> String {
    let why = run
        .attempt(attempt - 1)
        .and_then(|(status, _)| status.state().1.cloned())
        .map(|c| format!(" ({})", c.explain()))
        .unwrap_or_default();
    format!(
        "[{place_label}] attempt {} failed{why}; retrying as attempt {attempt}",
        attempt - 1
    )
}

/// The summary of a finished or running root run.
fn outcome(tree: &Tree, root: &Root, task_runs: &[(Place, Arc<TaskRun>)]) -> Outcome {
    let ended =
        |kind: &str, name: &str, state: (State, Option<&runs::Condition>), start, end, failed| {
            let run = summary::Run {
                kind,
                name,
                state: state.0,
                condition: state.1,
                start,
                completion: end,
            };
            Outcome {
                exit: Exit::from_state(state.0),
                summary: summary::line(&run, failed, Timestamp::now()),
            }
        };
    match root {
        Root::TaskRun(run) => {
            let status = run.status.as_ref();
            ended(
                "TaskRun",
                run.name(),
                run.state(),
                status.and_then(|s| s.start_time.as_deref()),
                status.and_then(|s| s.completion_time.as_deref()),
                None,
            )
        }
        Root::PipelineRun => {
            let Some((run, _)) = tree.pipeline_runs.get(&tree.root) else {
                return Outcome {
                    exit: Exit::Failed,
                    summary: format!("PipelineRun {} is gone", tree.root),
                };
            };
            let mut ordered: Vec<&(Place, Arc<TaskRun>)> = task_runs.iter().collect();
            ordered.sort_by(|a, b| (&a.0.rank, a.0.matrix).cmp(&(&b.0.rank, b.0.matrix)));
            let failed = (run.state().0 == State::Failed)
                .then(|| {
                    ordered.iter().find_map(|(place, run)| match run.state() {
                        (State::Failed, Some(condition)) => Some(FailedTask {
                            label: label_of(place),
                            condition,
                        }),
                        _ => None,
                    })
                })
                .flatten();
            let status = run.status.as_ref();
            ended(
                "PipelineRun",
                run.name(),
                run.state(),
                status.and_then(|s| s.start_time.as_deref()),
                status.and_then(|s| s.completion_time.as_deref()),
                failed,
            )
        }
    }
}

fn label_of(place: &Place) -> String {
    match place.matrix {
        Some(index) => format!("{}[{index}]", place.task),
        None => place.task.clone(),
    }
}

enum Root {
    PipelineRun,
    TaskRun(Arc<TaskRun>),
}

// ---------------------------------------------------------------------------------------
// Without --follow: read once, stream in order.

/// How many attempts are read ahead of the one being written.
const READ_AHEAD: usize = 4;
/// Batches of lines buffered per attempt read ahead.
const AHEAD_BUFFER: usize = 64;

/// Where an item goes: the task's ranks, its matrix index, the TaskRun's name, and
/// the attempt's place (a retry's note just before its attempt).
type OrderKey = (Vec<usize>, usize, String, usize);

enum Item {
    Note(String),
    Attempt(Attempt, Progress),
}

/// Shows the run as it is now.
pub async fn snapshot(
    ctx: &Context,
    target: &Target,
    tx: mpsc::Sender<Event>,
) -> Result<Outcome, Error> {
    let mut tree = Tree::default();
    let mut runs: Vec<(Place, Arc<TaskRun>)> = Vec::new();
    let root = match target {
        Target::TaskRun(run) => {
            let run = Arc::new(run.clone());
            runs.push((own_place(&run), run.clone()));
            Root::TaskRun(run)
        }
        Target::PipelineRun(run) => {
            let name = run.name().to_owned();
            tree.root = name.clone();
            tree.add(run.clone());
            let mut parents = VecDeque::from([name]);
            let mut task_runs = Vec::new();
            while let Some(parent) = parents.pop_front() {
                let selector = format!("{}={parent}", label::PIPELINE_RUN);
                let params = ListParams::default().labels(&selector);
                let listed = ctx
                    .task_runs()
                    .list(&params)
                    .await
                    .map_err(ctx.fail("list", Kind::TaskRun))?;
                task_runs.extend(listed.items);
                let has_children = tree
                    .pipeline_runs
                    .get(&parent)
                    .is_some_and(|(run, _)| run.children().iter().any(|c| c.kind == "PipelineRun"));
                if has_children {
                    let children = ctx
                        .pipeline_runs()
                        .list(&params)
                        .await
                        .map_err(ctx.fail("list", Kind::PipelineRun))?;
                    for child in children.items {
                        parents.push_back(child.name().to_owned());
                        tree.add(child);
                    }
                }
            }
            for run in task_runs {
                if let Some(place) = tree.place(&run)
                    && ctx.wants_task(&place.task)
                {
                    runs.push((place, Arc::new(run)));
                }
            }
            Root::PipelineRun
        }
    };

    let mut keyed: Vec<(OrderKey, Item)> = Vec::new();
    for (place, run) in &runs {
        for attempt in 1..=run.attempts() {
            let Some(pod) = pod_of(run, attempt) else {
                continue;
            };
            let key = (
                place.rank.clone(),
                place.matrix.unwrap_or(0),
                run.name().to_owned(),
                attempt,
            );
            if attempt > 1 {
                let note = retry_note(&label_of(place), run, attempt);
                let mut note_key = key.clone();
                note_key.3 = attempt * 2 - 1;
                keyed.push((note_key, Item::Note(note)));
            }
            let attempt_source = source(place, run, attempt, 0);
            let mut attempt_key = key;
            attempt_key.3 = attempt * 2;
            keyed.push((
                attempt_key,
                Item::Attempt(
                    Attempt {
                        pod,
                        source: attempt_source,
                    },
                    Progress::snapshot(run.clone(), attempt),
                ),
            ));
        }
    }
    for (name, rank, note) in tree.notes(ctx) {
        keyed.push(((rank, 0, name, 0), Item::Note(note)));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut colours = Colours::default();
    for (_, item) in &mut keyed {
        if let Item::Attempt(attempt, _) = item {
            attempt.source.colour = colours.of(&attempt.source.task);
        }
    }

    if forward_in_order(ctx, keyed.into_iter().map(|(_, item)| item), &tx).await
        == Ended::WriterGone
    {
        return Err(output_closed());
    }
    Ok(outcome(&tree, &root, &runs))
}

/// Streams the items to `tx` in their order, reading up to [`READ_AHEAD`] attempts
/// ahead into bounded buffers.
async fn forward_in_order(
    ctx: &Context,
    items: impl Iterator<Item = Item>,
    tx: &mpsc::Sender<Event>,
) -> Ended {
    enum Started {
        Note(String),
        Stream(mpsc::Receiver<Event>, tokio::task::JoinHandle<Ended>),
    }
    let mut items = items.peekable();
    let mut ahead: VecDeque<Started> = VecDeque::new();
    let mut reading = 0;
    loop {
        while reading < READ_AHEAD
            && let Some(item) = items.next()
        {
            ahead.push_back(match item {
                Item::Note(note) => Started::Note(note),
                Item::Attempt(attempt, progress) => {
                    reading += 1;
                    let (own_tx, own_rx) = mpsc::channel(AHEAD_BUFFER);
                    let task = tokio::spawn(stream_attempt(
                        ctx.pods(),
                        attempt,
                        ctx.selection.clone(),
                        ctx.window,
                        progress,
                        own_tx,
                    ));
                    Started::Stream(own_rx, task)
                }
            });
        }
        let Some(next) = ahead.pop_front() else {
            return Ended::Complete;
        };
        match next {
            Started::Note(note) => {
                if tx.send(Event::Note(note)).await.is_err() {
                    return Ended::WriterGone;
                }
            }
            Started::Stream(mut rx, task) => {
                reading -= 1;
                while let Some(event) = rx.recv().await {
                    if tx.send(event).await.is_err() {
                        return Ended::WriterGone;
                    }
                }
                if task.await.unwrap_or(Ended::Complete) == Ended::WriterGone {
                    return Ended::WriterGone;
                }
            }
        }
    }
}

/// The writer stopped (its output was closed, e.g. `| head`): not worth a message.
fn output_closed() -> Error {
    Error::Output(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
}

// ---------------------------------------------------------------------------------------
// --follow: driven by watches.

enum Watched {
    PipelineRun(PipelineRun),
    PipelineRunDeleted(String),
    TaskRun(TaskRun),
    Error(watcher::Error),
}

fn watch_pipeline_runs(ctx: &Context, config: watcher::Config) -> BoxStream<'static, Watched> {
    watcher(ctx.pipeline_runs(), config)
        .default_backoff()
        .filter_map(|event| async move {
            match event {
                Ok(watcher::Event::Apply(run) | watcher::Event::InitApply(run)) => {
                    Some(Watched::PipelineRun(run))
                }
                Ok(watcher::Event::Delete(run)) => {
                    Some(Watched::PipelineRunDeleted(run.name().to_owned()))
                }
                Ok(_) => None,
                Err(e) => Some(Watched::Error(e)),
            }
        })
        .boxed()
}

fn watch_task_runs(ctx: &Context, config: watcher::Config) -> BoxStream<'static, Watched> {
    watcher(ctx.task_runs(), config)
        .default_backoff()
        .filter_map(|event| async move {
            match event {
                Ok(watcher::Event::Apply(run) | watcher::Event::InitApply(run)) => {
                    Some(Watched::TaskRun(run))
                }
                Ok(_) => None,
                Err(e) => Some(Watched::Error(e)),
            }
        })
        .boxed()
}

/// A TaskRun being followed.
struct Followed {
    latest: watch::Sender<Arc<TaskRun>>,
    place: Option<Place>,
    /// Attempts whose streamers have started.
    spawned: usize,
    /// Left out by `--task`.
    ignored: bool,
}

struct Follower<'a> {
    ctx: &'a Context,
    tx: mpsc::Sender<Event>,
    tree: Tree,
    root_task_run: Option<String>,
    task_runs: HashMap<String, Followed>,
    streams: JoinSet<Ended>,
    watches: SelectAll<BoxStream<'static, Watched>>,
    /// PipelineRuns whose children (PipelineRuns) and TaskRuns are watched.
    watched: HashSet<String>,
    noted: HashSet<String>,
    colours: Colours,
    /// A container that cannot start: the follow ends with this error.
    cannot_start: Option<String>,
    waiting_shown: bool,
    reconnecting: bool,
}

/// Follows the run until it ends (or a container cannot start).
pub async fn follow(
    ctx: &Context,
    target: &Target,
    tx: mpsc::Sender<Event>,
) -> Result<Outcome, Error> {
    let mut follower = Follower {
        ctx,
        tx,
        tree: Tree::default(),
        root_task_run: None,
        task_runs: HashMap::new(),
        streams: JoinSet::new(),
        watches: SelectAll::new(),
        watched: HashSet::new(),
        noted: HashSet::new(),
        colours: Colours::default(),
        cannot_start: None,
        waiting_shown: false,
        reconnecting: false,
    };
    match target {
        Target::PipelineRun(run) => {
            let name = run.name().to_owned();
            follower.tree.root = name.clone();
            follower.on_pipeline_run(run.clone())?;
            follower.watches.push(watch_pipeline_runs(
                ctx,
                watcher::Config::default().fields(&format!("metadata.name={name}")),
            ));
        }
        Target::TaskRun(run) => {
            let name = run.name().to_owned();
            follower.root_task_run = Some(name.clone());
            follower.on_task_run(run.clone())?;
            follower.watches.push(watch_task_runs(
                ctx,
                watcher::Config::default().fields(&format!("metadata.name={name}")),
            ));
        }
    }
    loop {
        if let Some(message) = follower.cannot_start.take() {
            follower.streams.abort_all();
            return Ok(Outcome {
                exit: Exit::Failed,
                summary: message,
            });
        }
        if follower.done() {
            break;
        }
        tokio::select! {
            Some(event) = follower.watches.next() => follower.on_watched(event)?,
            Some(ended) = follower.streams.join_next(), if !follower.streams.is_empty() => {
                if ended.unwrap_or(Ended::Complete) == Ended::WriterGone {
                    return Err(output_closed());
                }
            }
        }
    }
    let runs: Vec<(Place, Arc<TaskRun>)> = follower
        .task_runs
        .values()
        .filter_map(|f| Some((f.place.clone()?, f.latest.borrow().clone())))
        .collect();
    let root = match &follower.root_task_run {
        Some(name) => match follower.task_runs.get(name) {
            Some(f) => Root::TaskRun(f.latest.borrow().clone()),
            None => Root::PipelineRun,
        },
        None => Root::PipelineRun,
    };
    Ok(outcome(&follower.tree, &root, &runs))
}

impl Follower<'_> {
    fn on_watched(&mut self, event: Watched) -> Result<(), Error> {
        if self.reconnecting && !matches!(event, Watched::Error(_)) {
            self.reconnecting = false;
            self.status(None);
        }
        match event {
            Watched::PipelineRun(run) => self.on_pipeline_run(run),
            Watched::TaskRun(run) => self.on_task_run(run),
            Watched::PipelineRunDeleted(name) if name == self.tree.root => Err(Error::Failed(
                format!("PipelineRun `{name}` was deleted while it was being followed"),
            )),
            Watched::PipelineRunDeleted(_) => Ok(()),
            Watched::Error(error) => {
                if let Some(fatal) = fatal_watch_error(self.ctx, &error) {
                    return Err(fatal);
                }
                self.reconnecting = true;
                self.status(Some(format!("reconnecting to the API server ({error})")));
                Ok(())
            }
        }
    }

    fn status(&mut self, text: Option<String>) {
        // The writer may be behind; a status is not worth waiting for.
        let _ = self.tx.try_send(Event::Status(text));
    }

    fn note(&mut self, key: String, text: String) {
        if self.noted.insert(key) {
            // Notes are few; the writer keeps up with them.
            let _ = self.tx.try_send(Event::Note(text));
        }
    }

    fn on_pipeline_run(&mut self, run: PipelineRun) -> Result<(), Error> {
        let name = run.name().to_owned();
        let known = name == self.tree.root
            || run
                .label(label::PIPELINE_RUN)
                .is_some_and(|parent| self.tree.pipeline_runs.contains_key(parent));
        if !known {
            return Ok(());
        }
        self.tree.add(run);
        if self.watched.insert(name.clone()) {
            let selector = format!("{}={name}", label::PIPELINE_RUN);
            self.watches.push(watch_task_runs(
                self.ctx,
                watcher::Config::default().labels(&selector),
            ));
        }
        // Pipelines in pipelines: watch the children of any run that has some.
        let parents: Vec<String> = self
            .tree
            .pipeline_runs
            .iter()
            .filter(|(_, (run, _))| run.children().iter().any(|c| c.kind == "PipelineRun"))
            .map(|(name, _)| format!("children of {name}"))
            .collect();
        for key in parents {
            if self.watched.insert(key.clone()) {
                let parent = key.trim_start_matches("children of ");
                let selector = format!("{}={parent}", label::PIPELINE_RUN);
                self.watches.push(watch_pipeline_runs(
                    self.ctx,
                    watcher::Config::default().labels(&selector),
                ));
            }
        }
        for (key, _, note) in self.tree.notes(self.ctx) {
            self.note(key, note);
        }
        // TaskRuns that waited for their parent to place them.
        let waiting: Vec<String> = self
            .task_runs
            .iter()
            .filter(|(_, f)| f.place.is_none() && !f.ignored)
            .map(|(name, _)| name.clone())
            .collect();
        for name in waiting {
            self.start_attempts(&name);
        }
        // TaskRuns just placed may be waiting for their pods.
        self.update_waiting();
        Ok(())
    }

    fn on_task_run(&mut self, run: TaskRun) -> Result<(), Error> {
        let name = run.name().to_owned();
        let run = Arc::new(run);
        match self.task_runs.get_mut(&name) {
            Some(followed) => {
                followed.latest.send_replace(run);
            }
            None => {
                let (latest, _) = watch::channel(run);
                self.task_runs.insert(
                    name.clone(),
                    Followed {
                        latest,
                        place: None,
                        spawned: 0,
                        ignored: false,
                    },
                );
            }
        }
        self.start_attempts(&name);
        self.update_waiting();
        Ok(())
    }

    /// Places the TaskRun if it can be, and starts streaming its new attempts.
    fn start_attempts(&mut self, name: &str) {
        let Some(followed) = self.task_runs.get(name) else {
            return;
        };
        let run = followed.latest.borrow().clone();
        let place = match &followed.place {
            Some(place) => place.clone(),
            None => {
                let place = if self.root_task_run.as_deref() == Some(name) {
                    Some(own_place(&run))
                } else {
                    self.tree.place(&run)
                };
                let Some(place) = place else { return };
                let ignored = self.root_task_run.is_none() && !self.ctx.wants_task(&place.task);
                if let Some(followed) = self.task_runs.get_mut(name) {
                    followed.place = Some(place.clone());
                    followed.ignored = ignored;
                }
                if ignored {
                    return;
                }
                place
            }
        };
        let Some(followed) = self.task_runs.get(name) else {
            return;
        };
        if followed.ignored {
            return;
        }
        let label = label_of(&place);
        if let Some((status, false)) = run.attempt(run.attempts()) {
            for step in &status.steps {
                if let Some(waiting) = &step.waiting
                    && runs::cannot_start(waiting)
                {
                    self.cannot_start = Some(format!(
                        "[{label}] step {} cannot start: {}: {}",
                        step.name,
                        waiting.reason,
                        waiting.message.trim()
                    ));
                }
            }
        }
        let first = followed.spawned + 1;
        let receiver = followed.latest.subscribe();
        let colour = self.colours.of(&place.task);
        for attempt in first..=run.attempts() {
            let Some(pod) = pod_of(&run, attempt) else {
                continue;
            };
            if attempt > 1 {
                let note = retry_note(&label, &run, attempt);
                self.note(format!("retry {name} {attempt}"), note);
            }
            self.streams.spawn(stream_attempt(
                self.ctx.pods(),
                Attempt {
                    pod,
                    source: source(&place, &run, attempt, colour),
                },
                self.ctx.selection.clone(),
                self.ctx.window,
                Progress::live(receiver.clone(), attempt),
                self.tx.clone(),
            ));
        }
        if let Some(followed) = self.task_runs.get_mut(name) {
            followed.spawned = followed.spawned.max(run.attempts());
        }
    }

    /// The one-line status on a terminal: which tasks wait for their pod, and why; or,
    /// before any task, why the PipelineRun has not started them (pending, resolving).
    fn update_waiting(&mut self) {
        let text = self.tasks_waiting().or_else(|| self.pipeline_run_waiting());
        match text {
            Some(text) => {
                self.waiting_shown = true;
                self.status(Some(text));
            }
            None if self.waiting_shown => {
                self.waiting_shown = false;
                self.status(None);
            }
            None => {}
        }
    }

    fn tasks_waiting(&self) -> Option<String> {
        let mut waiting = Vec::new();
        let mut why = String::new();
        for followed in self.task_runs.values().filter(|f| !f.ignored) {
            let Some(place) = &followed.place else {
                continue;
            };
            let run = followed.latest.borrow();
            let (state, condition) = run.state();
            let started = run
                .attempt(run.attempts())
                .is_some_and(|(s, _)| s.steps.iter().any(runs::ContainerStatus::started));
            if state == State::Running && !started {
                waiting.push(label_of(place));
                if why.is_empty()
                    && let Some(c) = condition
                {
                    why = format!(": {}", c.explain());
                }
            }
        }
        if waiting.is_empty() {
            return None;
        }
        waiting.sort();
        Some(format!("waiting for {}{why}", waiting.join(", ")))
    }

    fn pipeline_run_waiting(&self) -> Option<String> {
        let (root, _) = self.tree.pipeline_runs.get(&self.tree.root)?;
        let (state, condition) = root.state();
        if state != State::Running || !root.children().is_empty() {
            return None;
        }
        let why = condition
            .map(|c| format!(": {}", c.explain()))
            .unwrap_or_default();
        Some(format!(
            "waiting for PipelineRun {} to start its tasks{why}",
            root.name()
        ))
    }

    /// Whether the root run has ended and everything it ran has been streamed.
    fn done(&self) -> bool {
        if !self.streams.is_empty() {
            return false;
        }
        if let Some(name) = &self.root_task_run {
            return self
                .task_runs
                .get(name)
                .is_some_and(|f| f.latest.borrow().state().0 != State::Running);
        }
        let Some((root, _)) = self.tree.pipeline_runs.get(&self.tree.root) else {
            return false;
        };
        if root.state().0 == State::Running {
            return false;
        }
        // Every child the run reports must have been seen in its final state: the watches
        // deliver the root's last update and its children's independently.
        self.tree
            .children()
            .all(|(path, child)| match child.kind.as_str() {
                "TaskRun" => {
                    self.task_runs.get(&child.name).is_some_and(|f| {
                        f.ignored
                            || (f.place.is_some() && f.latest.borrow().state().0 != State::Running)
                    }) || !self.ctx.wants_task(&path)
                }
                "PipelineRun" => self
                    .tree
                    .pipeline_runs
                    .get(&child.name)
                    .is_some_and(|(run, _)| run.state().0 != State::Running),
                _ => true,
            })
    }
}

/// Watch errors that retrying will not fix.
fn fatal_watch_error(ctx: &Context, error: &watcher::Error) -> Option<Error> {
    let status = match error {
        watcher::Error::InitialListFailed(kube::Error::Api(status))
        | watcher::Error::WatchStartFailed(kube::Error::Api(status))
        | watcher::Error::WatchFailed(kube::Error::Api(status)) => status.as_ref().clone(),
        watcher::Error::WatchError(status) => status.as_ref().clone(),
        _ => return None,
    };
    matches!(status.code, 401 | 403)
        .then(|| ctx.fail("watch", Kind::TaskRun)(kube::Error::Api(Box::new(status))))
}
