//! The pipeline-task graph (tekton-rules.md §1.G).
//!
//! The caller adds every task of `spec.tasks` and `spec.finally` with [`DagBuilder::task`], then
//! every dependency it found ([`DagBuilder::depend`]: a `runAfter` entry, a
//! `$(tasks.X.results.R)` reference, ...) with an opaque payload (its span, its kind). [`Dag`]
//! resolves the targets and reports what the §1.G rules need:
//!
//! - dependencies on names that are no task ([`Dag::unknown_targets`]: #69, #70, #75),
//! - dependencies on finally tasks ([`Dag::finally_targets`]: #71, #74),
//! - DAG tasks that depend on themselves ([`Dag::self_loops`]: #68),
//! - names used twice across `tasks` and `finally` ([`Dag::duplicates`]: #49),
//! - cycles among the DAG tasks, each strongly connected set once with one whole cycle path and
//!   the dependencies along it ([`Dag::cycles`]: #68),
//! - a topological order of the DAG tasks ([`Dag::order`]) and reachability
//!   ([`Dag::depends_on`]: #132).
//!
//! As upstream (`dag.Build` over `spec.tasks` only), finally tasks are not part of the graph:
//! their dependencies are resolved and reported, never edges. Everything is O(V + E) and the
//! output depends only on the input order.

use std::collections::HashMap;
use std::collections::VecDeque;

/// Which list of the PipelineSpec a task, or a `$(tasks|finally.X...)` reference, belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// `spec.tasks` (and `$(tasks.X...)`)
    Tasks,
    /// `spec.finally` (and `$(finally.X...)`)
    Finally,
}

/// A task, numbered in the order it was added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub usize);

/// A dependency, numbered in the order it was added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepId(pub usize);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task<'a> {
    pub name: &'a str,
    pub section: Section,
}

/// `from` depends on the task named `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency<'a, P> {
    pub from: TaskId,
    pub target: &'a str,
    /// The task `target` names (the first of that name), or `None` when no task has it.
    pub to: Option<TaskId>,
    pub payload: P,
}

/// A name given to a second task (#49).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// The task references resolve to.
    pub first: TaskId,
    pub duplicate: TaskId,
}

/// One cycle among DAG tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// `path[i]` depends on `path[i + 1]`, and the last on `path[0]`. It starts at the task with
    /// the smallest name of its component (upstream names that one) and is a shortest cycle
    /// through it.
    pub path: Vec<TaskId>,
    /// Every dependency along the path, in path order (parallel ones included, e.g. a
    /// `runAfter` and a result reference between the same two tasks).
    pub edges: Vec<DepId>,
    /// All tasks of the strongly connected component, by id. Other cycles inside it are not
    /// listed separately: they show up once this one is broken.
    pub component: Vec<TaskId>,
}

/// Collects tasks and dependencies; [`DagBuilder::build`] resolves them.
#[derive(Clone, Debug)]
pub struct DagBuilder<'a, P> {
    tasks: Vec<Task<'a>>,
    deps: Vec<(TaskId, &'a str, P)>,
}

impl<P> Default for DagBuilder<'_, P> {
    fn default() -> Self {
        DagBuilder {
            tasks: Vec::new(),
            deps: Vec::new(),
        }
    }
}

impl<'a, P> DagBuilder<'a, P> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn task(&mut self, name: &'a str, section: Section) -> TaskId {
        self.tasks.push(Task { name, section });
        TaskId(self.tasks.len() - 1)
    }

    /// Records that `from` depends on the task named `target`. Dependencies may be added before
    /// their target task.
    pub fn depend(&mut self, from: TaskId, target: &'a str, payload: P) -> DepId {
        self.deps.push((from, target, payload));
        DepId(self.deps.len() - 1)
    }

    pub fn build(self) -> Dag<'a, P> {
        let DagBuilder { tasks, deps } = self;
        let mut by_name: HashMap<&'a str, TaskId> = HashMap::with_capacity(tasks.len());
        let mut duplicates = Vec::new();
        for (index, task) in tasks.iter().enumerate() {
            let id = TaskId(index);
            match by_name.get(task.name) {
                Some(&first) => duplicates.push(Duplicate {
                    first,
                    duplicate: id,
                }),
                None => {
                    by_name.insert(task.name, id);
                }
            }
        }
        let deps: Vec<Dependency<'a, P>> = deps
            .into_iter()
            .map(|(from, target, payload)| Dependency {
                from,
                target,
                to: by_name.get(target).copied(),
                payload,
            })
            .collect();

        // Graph edges: DAG task → other DAG task, in insertion order.
        let mut edges: Vec<Vec<(usize, DepId)>> = vec![Vec::new(); tasks.len()];
        let in_dag = |id: TaskId| tasks.get(id.0).is_some_and(|t| t.section == Section::Tasks);
        for (index, dep) in deps.iter().enumerate() {
            // A `from` this builder never handed out is no node: such a dependency is kept (so
            // dependency ids stay stable) but never becomes an edge.
            if let Some(to) = dep.to
                && to != dep.from
                && in_dag(dep.from)
                && in_dag(to)
            {
                edges[dep.from.0].push((to.0, DepId(index)));
            }
        }
        let cycles = find_cycles(&tasks, &edges);
        let order = topological_order(&tasks, &edges);
        Dag {
            tasks,
            deps,
            by_name,
            duplicates,
            cycles,
            order,
            edges,
        }
    }
}

/// The resolved graph; see the module documentation.
#[derive(Clone, Debug)]
pub struct Dag<'a, P> {
    tasks: Vec<Task<'a>>,
    deps: Vec<Dependency<'a, P>>,
    by_name: HashMap<&'a str, TaskId>,
    duplicates: Vec<Duplicate>,
    cycles: Vec<Cycle>,
    order: Vec<TaskId>,
    /// Adjacency of the DAG tasks: (dependency task, edge).
    edges: Vec<Vec<(usize, DepId)>>,
}

impl<'a, P> Dag<'a, P> {
    pub fn task(&self, id: TaskId) -> Option<&Task<'a>> {
        self.tasks.get(id.0)
    }

    /// Every task, DAG and finally, in insertion order.
    pub fn tasks(&self) -> impl Iterator<Item = (TaskId, &Task<'a>)> {
        self.tasks
            .iter()
            .enumerate()
            .map(|(index, task)| (TaskId(index), task))
    }

    pub fn name(&self, id: TaskId) -> &'a str {
        self.tasks.get(id.0).map_or("", |task| task.name)
    }

    /// The task a reference by name resolves to (the first of that name).
    pub fn lookup(&self, name: &str) -> Option<TaskId> {
        self.by_name.get(name).copied()
    }

    pub fn dependency(&self, id: DepId) -> Option<&Dependency<'a, P>> {
        self.deps.get(id.0)
    }

    /// Every dependency in insertion order.
    pub fn dependencies(&self) -> impl Iterator<Item = (DepId, &Dependency<'a, P>)> {
        self.deps
            .iter()
            .enumerate()
            .map(|(index, dep)| (DepId(index), dep))
    }

    /// Dependencies, of DAG and finally tasks alike, on a name no task has.
    pub fn unknown_targets(&self) -> impl Iterator<Item = (DepId, &Dependency<'a, P>)> {
        self.dependencies().filter(|(_, dep)| dep.to.is_none())
    }

    /// Dependencies on a finally task: from a DAG task (#71) or from another finally task (#74).
    /// A finally task naming itself is included.
    pub fn finally_targets(&self) -> impl Iterator<Item = (DepId, &Dependency<'a, P>)> {
        self.dependencies().filter(|(_, dep)| {
            dep.to
                .is_some_and(|to| self.section(to) == Some(Section::Finally))
        })
    }

    /// Dependencies of a DAG task on itself (a cycle of one, #68).
    pub fn self_loops(&self) -> impl Iterator<Item = (DepId, &Dependency<'a, P>)> {
        self.dependencies().filter(|(_, dep)| {
            dep.to == Some(dep.from) && self.section(dep.from) == Some(Section::Tasks)
        })
    }

    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Cycles of two or more DAG tasks, one per strongly connected component, ordered by the
    /// name of their first task.
    pub fn cycles(&self) -> &[Cycle] {
        &self.cycles
    }

    /// The DAG tasks, each after everything it depends on; ties keep insertion order. Tasks on
    /// a cycle or depending on one are left out (self-loops are ignored here).
    pub fn order(&self) -> &[TaskId] {
        &self.order
    }

    /// Whether DAG task `from` runs after `to` through a chain of dependencies (O(V + E)).
    pub fn depends_on(&self, from: TaskId, to: TaskId) -> bool {
        let mut seen = vec![false; self.tasks.len()];
        let mut stack = vec![from.0];
        while let Some(node) = stack.pop() {
            for &(next, _) in self.edges.get(node).map_or(&[][..], Vec::as_slice) {
                if next == to.0 {
                    return true;
                }
                if let Some(flag) = seen.get_mut(next)
                    && !*flag
                {
                    *flag = true;
                    stack.push(next);
                }
            }
        }
        false
    }

    fn section(&self, id: TaskId) -> Option<Section> {
        self.tasks.get(id.0).map(|task| task.section)
    }
}

const UNVISITED: usize = usize::MAX;

/// Tarjan's strongly connected components (iterative, so long chains cannot overflow the
/// stack), then one shortest cycle per component of two or more tasks.
fn find_cycles(tasks: &[Task<'_>], edges: &[Vec<(usize, DepId)>]) -> Vec<Cycle> {
    let n = tasks.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut components = Vec::new();
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut position)) = calls.last_mut() {
            if let Some(&(next, _)) = edges[node].get(*position) {
                *position += 1;
                if index[next] == UNVISITED {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    calls.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
    }

    let mut component_of = vec![UNVISITED; n];
    for (number, component) in components.iter().enumerate() {
        for &member in component {
            component_of[member] = number;
        }
    }
    let mut cycles: Vec<Cycle> = components
        .iter()
        .enumerate()
        .map(|(number, component)| shortest_cycle(tasks, edges, component, &component_of, number))
        .collect();
    cycles.sort_by_key(|cycle| {
        let first = cycle.path.first().map_or(0, |id| id.0);
        (tasks[first].name, first)
    });
    cycles
}

/// A shortest cycle through the component's smallest-named task, by breadth-first search
/// inside the component.
fn shortest_cycle(
    tasks: &[Task<'_>],
    edges: &[Vec<(usize, DepId)>],
    component: &[usize],
    component_of: &[usize],
    number: usize,
) -> Cycle {
    let start = component
        .iter()
        .copied()
        .min_by_key(|&member| (tasks[member].name, member))
        .unwrap_or_default();
    let mut parent: HashMap<usize, usize> = HashMap::with_capacity(component.len());
    let mut queue = VecDeque::from([start]);
    let mut last = start;
    'search: while let Some(node) = queue.pop_front() {
        for &(next, _) in &edges[node] {
            if next == start {
                last = node;
                break 'search;
            }
            if component_of[next] == number && !parent.contains_key(&next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    let mut path = vec![last];
    while let Some(&previous) = path.last().and_then(|node| parent.get(node)) {
        path.push(previous);
    }
    path.reverse();

    let mut cycle_edges = Vec::new();
    for (position, &node) in path.iter().enumerate() {
        let next = path.get(position + 1).copied().unwrap_or(start);
        cycle_edges.extend(
            edges[node]
                .iter()
                .filter(|&&(target, _)| target == next)
                .map(|&(_, dep)| dep),
        );
    }
    Cycle {
        path: path.into_iter().map(TaskId).collect(),
        edges: cycle_edges,
        component: component.iter().copied().map(TaskId).collect(),
    }
}

/// Kahn's algorithm with a FIFO queue seeded in insertion order.
fn topological_order(tasks: &[Task<'_>], edges: &[Vec<(usize, DepId)>]) -> Vec<TaskId> {
    let mut waiting_on: Vec<usize> = edges.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (node, targets) in edges.iter().enumerate() {
        for &(target, _) in targets {
            dependents[target].push(node);
        }
    }
    let mut queue: VecDeque<usize> = (0..tasks.len())
        .filter(|&node| tasks[node].section == Section::Tasks && waiting_on[node] == 0)
        .collect();
    let mut order = Vec::with_capacity(tasks.len());
    while let Some(node) = queue.pop_front() {
        order.push(TaskId(node));
        for &dependent in &dependents[node] {
            waiting_on[dependent] -= 1;
            if waiting_on[dependent] == 0 {
                queue.push_back(dependent);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a graph from `(name, section, targets)`; each payload is `"<from>-><target>"`.
    fn build<'a>(tasks: &[(&'a str, Section, &[&'a str])]) -> Dag<'a, String> {
        let mut builder = DagBuilder::new();
        let ids: Vec<TaskId> = tasks
            .iter()
            .map(|(name, section, _)| builder.task(name, *section))
            .collect();
        for (&id, (name, _, targets)) in ids.iter().zip(tasks) {
            for target in *targets {
                builder.depend(id, target, format!("{name}->{target}"));
            }
        }
        builder.build()
    }

    fn dag<'a>(tasks: &[(&'a str, &[&'a str])]) -> Dag<'a, String> {
        let tasks: Vec<_> = tasks
            .iter()
            .map(|(name, targets)| (*name, Section::Tasks, *targets))
            .collect();
        build(&tasks)
    }

    fn names(dag: &Dag<'_, String>, ids: &[TaskId]) -> Vec<String> {
        ids.iter().map(|&id| dag.name(id).to_owned()).collect()
    }

    fn payloads<'d>(dag: &'d Dag<'_, String>, deps: &[DepId]) -> Vec<&'d str> {
        deps.iter()
            .filter_map(|&id| dag.dependency(id))
            .map(|dep| dep.payload.as_str())
            .collect()
    }

    /// Each cycle as its path and its edges' payloads.
    fn cycles<'d>(dag: &'d Dag<'_, String>) -> Vec<(Vec<String>, Vec<&'d str>)> {
        dag.cycles()
            .iter()
            .map(|cycle| (names(dag, &cycle.path), payloads(dag, &cycle.edges)))
            .collect()
    }

    fn order(dag: &Dag<'_, String>) -> Vec<String> {
        names(dag, dag.order())
    }

    #[test]
    fn diamond() {
        let dag = dag(&[("d", &["b", "c"]), ("b", &["a"]), ("c", &["a"]), ("a", &[])]);
        assert!(dag.cycles().is_empty());
        assert_eq!(order(&dag), ["a", "b", "c", "d"]);
        let id = |name| dag.lookup(name).expect("task");
        assert!(dag.depends_on(id("d"), id("a")));
        assert!(!dag.depends_on(id("a"), id("d")));
        assert!(!dag.depends_on(id("b"), id("c")));
        assert_eq!(dag.unknown_targets().count(), 0);
    }

    #[test]
    fn two_task_cycle_lists_both_edges_and_parallel_ones() {
        // b depends on a twice (runAfter and a result reference): both edges are on the cycle.
        let dag = dag(&[("a", &["b"]), ("b", &["a", "a"])]);
        assert_eq!(
            cycles(&dag),
            [(
                vec!["a".to_owned(), "b".to_owned()],
                vec!["a->b", "b->a", "b->a"]
            )]
        );
        assert!(order(&dag).is_empty());
    }

    #[test]
    fn long_cycle_is_reported_once_from_its_smallest_name() {
        // e -> d -> c -> b -> a -> e, plus a task hanging off the cycle and one before it.
        let dag = dag(&[
            ("e", &["d"]),
            ("d", &["c"]),
            ("c", &["b"]),
            ("b", &["a"]),
            ("a", &["e", "root"]),
            ("after", &["c"]),
            ("root", &[]),
        ]);
        assert_eq!(
            cycles(&dag),
            [(
                vec!["a", "e", "d", "c", "b"]
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
                vec!["a->e", "e->d", "d->c", "c->b", "b->a"]
            )]
        );
        assert_eq!(
            names(&dag, &dag.cycles()[0].component),
            ["e", "d", "c", "b", "a"]
        );
        // Only the task outside the cycle and not behind it is ordered.
        assert_eq!(order(&dag), ["root"]);
    }

    #[test]
    fn shortest_cycle_through_the_first_task() {
        // a -> b -> c -> a and a -> c -> a share a component; the short one is reported.
        let dag = dag(&[("a", &["b", "c"]), ("b", &["c"]), ("c", &["a"])]);
        assert_eq!(
            cycles(&dag),
            [(vec!["a".to_owned(), "c".to_owned()], vec!["a->c", "c->a"])]
        );
        assert_eq!(dag.cycles()[0].component.len(), 3);
    }

    #[test]
    fn two_separate_cycles() {
        let dag = dag(&[
            ("z", &["y"]),
            ("y", &["z"]),
            ("ok", &[]),
            ("c", &["b"]),
            ("b", &["c", "ok"]),
        ]);
        let found = cycles(&dag);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, ["b", "c"]);
        assert_eq!(found[0].1, ["b->c", "c->b"]);
        assert_eq!(found[1].0, ["y", "z"]);
        assert_eq!(order(&dag), ["ok"]);
    }

    #[test]
    fn self_loop_is_not_a_cycle_of_the_component_search() {
        let dag = dag(&[("a", &["a"]), ("b", &["a"])]);
        assert!(dag.cycles().is_empty());
        let loops: Vec<_> = dag
            .self_loops()
            .map(|(_, dep)| dep.payload.as_str())
            .collect();
        assert_eq!(loops, ["a->a"]);
        // Self-loops are reported separately; the order ignores them.
        assert_eq!(order(&dag), ["a", "b"]);
    }

    #[test]
    fn unknown_targets() {
        let dag = dag(&[("a", &["nope", "b"]), ("b", &["gone"])]);
        let unknown: Vec<_> = dag
            .unknown_targets()
            .map(|(_, dep)| (dag.name(dep.from), dep.target))
            .collect();
        assert_eq!(unknown, [("a", "nope"), ("b", "gone")]);
        assert_eq!(order(&dag), ["b", "a"]);
    }

    #[test]
    fn finally_tasks_are_resolved_but_never_edges() {
        use Section::{Finally, Tasks};
        let dag = build(&[
            ("a", Tasks, &["f1"]),
            ("b", Tasks, &["a"]),
            ("f1", Finally, &["b", "x"]),
            ("f2", Finally, &["f1", "f2"]),
        ]);
        let on_finally: Vec<_> = dag
            .finally_targets()
            .map(|(_, dep)| dep.payload.as_str())
            .collect();
        assert_eq!(on_finally, ["a->f1", "f2->f1", "f2->f2"]);
        let unknown: Vec<_> = dag
            .unknown_targets()
            .map(|(_, d)| d.payload.as_str())
            .collect();
        assert_eq!(unknown, ["f1->x"]);
        assert_eq!(dag.self_loops().count(), 0);
        assert!(dag.cycles().is_empty());
        // a depends on f1 only through a rejected edge, so it is ready first.
        assert_eq!(order(&dag), ["a", "b"]);
        let f1 = dag.lookup("f1").expect("f1");
        assert_eq!(dag.task(f1).map(|t| t.section), Some(Finally));
        let b = dag.lookup("b").expect("b");
        assert!(!dag.depends_on(b, f1));
    }

    #[test]
    fn duplicate_names_resolve_to_the_first() {
        use Section::{Finally, Tasks};
        let dag = build(&[
            ("a", Tasks, &[]),
            ("b", Tasks, &["a"]),
            ("a", Finally, &[]),
            ("b", Tasks, &[]),
        ]);
        let duplicates: Vec<_> = dag
            .duplicates()
            .iter()
            .map(|d| (d.first.0, d.duplicate.0))
            .collect();
        assert_eq!(duplicates, [(0, 2), (1, 3)]);
        assert_eq!(dag.lookup("a"), Some(TaskId(0)));
        let targets: Vec<_> = dag.dependencies().map(|(_, d)| d.to).collect();
        assert_eq!(targets, [Some(TaskId(0))]);
    }

    #[test]
    fn dependencies_from_foreign_ids_are_no_edges() {
        let mut builder = DagBuilder::new();
        builder.task("a", Section::Tasks);
        let foreign = builder.depend(TaskId(7), "a", "foreign");
        let own = builder.depend(TaskId(0), "b", "own");
        let dag = builder.build();
        assert_eq!(dag.dependency(foreign).map(|d| d.payload), Some("foreign"));
        assert_eq!(dag.dependency(own).map(|d| d.payload), Some("own"));
        assert_eq!(dag.order(), [TaskId(0)]);
        assert_eq!(dag.task(TaskId(7)), None);
        assert_eq!(dag.name(TaskId(7)), "");
        assert!(!dag.depends_on(TaskId(7), TaskId(0)));
    }

    #[test]
    fn long_chain_and_big_cycle_stay_linear_and_iterative() {
        // 100k tasks: a recursive search would overflow the stack, a quadratic one would crawl.
        let names: Vec<String> = (0..100_000).map(|i| format!("t{i:06}")).collect();
        let mut builder = DagBuilder::new();
        let ids: Vec<TaskId> = names
            .iter()
            .map(|name| builder.task(name, Section::Tasks))
            .collect();
        for (index, &id) in ids.iter().enumerate().skip(1) {
            builder.depend(id, &names[index - 1], ());
        }
        let chain = builder.clone().build();
        assert_eq!(chain.order().len(), names.len());
        assert!(chain.cycles().is_empty());
        builder.depend(ids[0], &names[names.len() - 1], ());
        let ring = builder.build();
        assert_eq!(ring.cycles().len(), 1);
        assert_eq!(ring.cycles()[0].path.len(), names.len());
        assert_eq!(ring.cycles()[0].edges.len(), names.len());
        assert_eq!(ring.name(ring.cycles()[0].path[0]), "t000000");
        assert!(ring.order().is_empty());
    }

    /// How a caller builds the graph: `runAfter` plus the result references the webhook sees;
    /// status references are not edges (§1.G).
    #[test]
    fn edges_from_result_references() {
        use crate::variables::{Variable, references};

        let tasks: &[(&str, &[&str], &[&str])] = &[
            ("fetch", &[], &[]),
            (
                "build",
                &[],
                &["$(tasks.fetch.results.commit)", "$(tasks.fetch.status)"],
            ),
            ("test", &["build"], &["$(tasks.build.results[\"img\"])"]),
            (
                "push",
                &[],
                &["x-$(tasks.test.results.report.url)-$(tasks.nope.results.r)"],
            ),
        ];
        let mut builder = DagBuilder::new();
        let ids: Vec<TaskId> = tasks
            .iter()
            .map(|(name, _, _)| builder.task(name, Section::Tasks))
            .collect();
        for (&id, (_, run_after, values)) in ids.iter().zip(tasks) {
            for target in *run_after {
                builder.depend(id, target, "runAfter");
            }
            for value in *values {
                for reference in references(value) {
                    if let Variable::TaskResult { task, .. } = &reference.variable
                        && reference.is_expression()
                    {
                        builder.depend(id, task.text, "result");
                    }
                }
            }
        }
        let dag = builder.build();
        let edges: Vec<_> = dag
            .dependencies()
            .map(|(_, d)| (dag.name(d.from), d.target, d.payload))
            .collect();
        assert_eq!(
            edges,
            [
                ("build", "fetch", "result"),
                ("test", "build", "runAfter"),
                ("push", "test", "result"),
                ("push", "nope", "result"),
            ]
        );
        assert_eq!(names_of(&dag), ["fetch", "build", "test", "push"]);
        let unknown: Vec<_> = dag.unknown_targets().map(|(_, d)| d.target).collect();
        assert_eq!(unknown, ["nope"]);
    }

    fn names_of(dag: &Dag<'_, &str>) -> Vec<String> {
        dag.order()
            .iter()
            .map(|&id| dag.name(id).to_owned())
            .collect()
    }

    #[test]
    fn output_is_deterministic() {
        let spec: &[(&str, &[&str])] = &[
            ("m", &["k", "l"]),
            ("l", &["m"]),
            ("k", &["m"]),
            ("q", &["p"]),
            ("p", &["q"]),
        ];
        let graph = dag(spec);
        let first = cycles(&graph);
        for _ in 0..20 {
            let again = dag(spec);
            assert_eq!(cycles(&again), first);
        }
        assert_eq!(first[0].0, ["k", "m"]);
        assert_eq!(first[1].0, ["p", "q"]);
    }
}
