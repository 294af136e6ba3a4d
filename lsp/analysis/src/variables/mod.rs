//! Tekton variable references (`$(...)`) inside one string value (tekton-rules.md §2).
//!
//! [`references`] finds every `$(...)` Tekton could treat as a variable and parses it into a
//! typed [`Variable`]. It never fails: text that is not a reference is skipped, and a reference
//! that starts like a Tekton variable but breaks the grammar becomes [`Variable::Malformed`]
//! with a [`Reason`].
//!
//! **Offsets.** Every range is a byte range into the string given to [`references`]. For a YAML
//! scalar that string is the *decoded* value, so the caller maps ranges back to the file through
//! the scalar's decoded→source offset map (for plain one-line scalars, and quoted ones without
//! escapes, that is the content start plus the offset).
//!
//! **Upstream's three matchers (§2.1).** Rules that mirror a webhook check must only look at what
//! the webhook sees:
//! - (a) the expression regex (result refs, DAG edges, `var-invalid-prefix`, status checks):
//!   [`Reference::is_expression`];
//! - (b) the prefix-scoped matcher (params, context, result paths): it parses exactly the dot
//!   and bracket forms modelled here, except the bracket forms followed by an index or `.path`,
//!   which it never sees (quirk 10); [`Reference::seen_by_webhook`] combines both;
//! - (c) the runtime replacer looks up [`Reference::body`] literally. Tekton has no escape
//!   syntax: `$$(params.x)` is a `$` followed by the reference `$(params.x)`.

use std::fmt;
use std::ops::Range;

use crate::dag::Section;

#[cfg(test)]
mod tests;

/// One `$(...)` found in a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference<'a> {
    /// From `$(` to `)` inclusive (for an unterminated reference, to the end of its name).
    pub range: Range<usize>,
    /// The text between `$(` and `)`: the key the runtime substitutes.
    pub body: &'a str,
    pub variable: Variable<'a>,
}

/// A name inside a reference, with its own range so a diagnostic (or a rename fix) can target
/// exactly the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
}

impl Name<'_> {
    pub fn as_str(&self) -> &str {
        self.text
    }
}

/// What follows a param or result name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access<'a> {
    /// `$(params.x)`: the whole value.
    Whole,
    /// `$(params.x[*])`: the whole array or object, as an isolated list element.
    Star,
    /// `$(params.x[3])`: one array element.
    Index(usize),
    /// `$(params.obj.key)`: one object property (dot form only).
    Key(Name<'a>),
}

/// How a param, result path or step result path is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `params.x`
    Dot,
    /// `params["x"]` or `params['x']`
    Bracket,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusField {
    /// `$(tasks.t.status)`
    Status,
    /// `$(tasks.t.reason)`
    Reason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceField {
    Path,
    Bound,
    Claim,
    Volume,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    Inputs,
    Outputs,
}

/// The object after `context.`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextScope {
    /// `context.taskRun` (Tasks)
    TaskRun,
    /// `context.task` (Tasks)
    Task,
    /// `context.pipelineRun` (Pipelines)
    PipelineRun,
    /// `context.pipeline` (Pipelines)
    Pipeline,
    /// `context.pipelineTask` (Pipelines)
    PipelineTask,
}

impl ContextScope {
    /// The fields upstream defines for this scope (#33, #82).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            ContextScope::TaskRun | ContextScope::PipelineRun => &["name", "namespace", "uid"],
            ContextScope::Task => &["name", "retry-count"],
            ContextScope::Pipeline => &["name"],
            ContextScope::PipelineTask => &["retries"],
        }
    }

    /// Whether the scope belongs to a Task's variables (else to a Pipeline's).
    pub fn in_task(self) -> bool {
        matches!(self, ContextScope::TaskRun | ContextScope::Task)
    }
}

/// The first segment of a reference that looks like a Tekton variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    Params,
    Tasks,
    Finally,
    Context,
    Workspaces,
    Results,
    /// `step.` (the current step's result paths and artifacts)
    Step,
    /// `steps.` (other steps' results, exit codes, artifacts)
    Steps,
    Artifacts,
    Credentials,
}

/// Why a reference with a Tekton root does not fit the grammar.
///
/// The rule a reason leads to depends on the root and on whether upstream sees the reference
/// ([`Reference::seen_by_webhook`]): `Params` + `TooManyDots` is `param-ref-too-many-dots`
/// (#44); upstream runs its declared-name check (#42, #78) on the other params it sees, with
/// the text before the first dot as the name; `Tasks`/`Steps` + `ResultRefMalformed` is
/// `result-ref-malformed` (#133); the rest stay literal at runtime (`unknown-variable`, #136).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Parts the grammar requires are missing: `$(params)`, `$(params.)`, `$(tasks.t)`,
    /// `$(workspaces.w)`, `$(results.r)` (no `.path`).
    Incomplete,
    /// No `)` before the end of the line or the next `$(`.
    Unterminated,
    /// More dot-separated parts than the prefix matcher allows: `$(params.a.b.c)` (#44), or a
    /// dotted result name in `$(results.a.b.path)`; names with dots need the bracket form.
    TooManyDots,
    /// An index that is not `[N]`/`[*]`, or one where the grammar has none:
    /// `$(params.x[a])`, `$(params.o.k[0])`, `$(workspaces.w.path[0])`.
    BadIndex,
    /// A bracket form that is not `["name"]`/`['name']` followed by `)` or an index (or `.path`
    /// for result paths): `$(params[x])`, `$(params["x)`, `$(params["o"].key)`.
    BadBracket,
    /// A task or step result reference the webhook cannot parse, so it creates no DAG edge and
    /// is never substituted (#133): six or more segments, or a bracket form.
    ResultRefMalformed,
    /// A field the grammar does not have after a known root: `$(workspaces.w.size)`,
    /// `$(tasks.t.foo)`, `$(context.build.id)`, `$(artifacts.dir)`.
    UnknownField,
}

impl Reason {
    /// A stable kebab-case id for messages and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Incomplete => "incomplete",
            Reason::Unterminated => "unterminated",
            Reason::TooManyDots => "too-many-dots",
            Reason::BadIndex => "bad-index",
            Reason::BadBracket => "bad-bracket",
            Reason::ResultRefMalformed => "result-ref-malformed",
            Reason::UnknownField => "unknown-field",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed reference (the families of §2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Variable<'a> {
    /// `$(params.x)`, `$(params["x"])`, `$(params.x[*])`, `$(params.x[0])`, `$(params.o.k)`
    Param {
        name: Name<'a>,
        access: Access<'a>,
        syntax: Syntax,
    },
    /// `$(inputs.params.x)`: deprecated, substituted at runtime only.
    LegacyParam { name: Name<'a> },
    /// `$(tasks.t.results.r)` (and `finally.`), with `[*]`, `[i]` or `.key`.
    TaskResult {
        section: Section,
        task: Name<'a>,
        result: Name<'a>,
        access: Access<'a>,
    },
    /// `$(tasks.t.status)`, `$(tasks.t.reason)`
    TaskStatus { task: Name<'a>, field: StatusField },
    /// `$(tasks.status)`: the aggregate status of the DAG tasks.
    TasksStatus,
    /// `$(tasks.t.matrix.length)`, `$(tasks.t.matrix.r.length)`
    MatrixLength {
        task: Name<'a>,
        result: Option<Name<'a>>,
    },
    /// `$(tasks.t.inputs.a)`, `$(tasks.t.outputs.a)`
    TaskArtifact {
        task: Name<'a>,
        kind: ArtifactKind,
        name: Name<'a>,
    },
    /// `$(workspaces.w.path|bound|claim|volume)`
    Workspace {
        name: Name<'a>,
        field: WorkspaceField,
    },
    /// `$(results.r.path)`, `$(results["r"].path)`
    ResultPath { result: Name<'a>, syntax: Syntax },
    /// `$(steps.s.results.r)`, with `[*]`, `[i]` or `.key`.
    StepResult {
        step: Name<'a>,
        result: Name<'a>,
        access: Access<'a>,
    },
    /// `$(step.results.r.path)`, `$(step.results["r"].path)`
    StepResultPath { result: Name<'a>, syntax: Syntax },
    /// `$(steps.step-<name>.exitCode.path)`; `step` is the segment as written (`step-build`).
    StepExitCodePath { step: Name<'a> },
    /// `$(steps.s.inputs.a)`, `$(steps.s.outputs.a)`
    StepArtifact {
        step: Name<'a>,
        kind: ArtifactKind,
        name: Name<'a>,
    },
    /// `$(step.artifacts.path)`
    StepArtifactsPath,
    /// `$(artifacts.path)`
    ArtifactsPath,
    /// `$(credentials.path)`
    CredentialsPath,
    /// `$(context.<scope>.<field>)`; the field is not checked here (see [`ContextScope::fields`]).
    Context {
        scope: ContextScope,
        field: Name<'a>,
    },
    /// `$(resources.…)`, `$(inputs.resources.…)`, `$(outputs.resources.…)`: PipelineResources,
    /// removed upstream.
    Obsolete,
    /// An expression-shaped reference (§2.1a) with no Tekton root, e.g. `$(date)` or
    /// `$(foo.bar)`: a shell command substitution in a script, Kubernetes' own `$(ENV_VAR)`
    /// expansion in `command`/`args` (the catalog uses it), an invalid prefix in a pipeline-task
    /// param (#83).
    Unknown,
    /// A Tekton root followed by something the grammar does not allow.
    Malformed { root: Root, reason: Reason },
}

impl Reference<'_> {
    /// Whether upstream's expression regex (§2.1a) matches this reference: only then do the
    /// webhook's result-reference, DAG, prefix and execution-status checks see it.
    pub fn is_expression(&self) -> bool {
        // An unterminated reference has no `)`, so the regex cannot match it.
        !matches!(
            self.variable,
            Variable::Malformed {
                reason: Reason::Unterminated,
                ..
            }
        ) && is_expression(self.body)
    }

    /// Whether the webhook check for this family sees the reference at all: the prefix matcher
    /// (b) for params, context and result paths, the expression regex (a) for everything else.
    /// Bracket forms followed by an index or `.path` are invisible to (b) (quirk 10), although
    /// the runtime substitutes them.
    pub fn seen_by_webhook(&self) -> bool {
        let prefixes: &[&str] = match &self.variable {
            Variable::Param { .. }
            | Variable::Malformed {
                root: Root::Params, ..
            } => &["params"],
            Variable::ResultPath { .. }
            | Variable::Malformed {
                root: Root::Results,
                ..
            } => &["results"],
            Variable::StepResultPath { .. }
            | Variable::Malformed {
                root: Root::Step, ..
            } => &["step.results"],
            Variable::Context { .. }
            | Variable::Malformed {
                root: Root::Context,
                ..
            } => &[
                "context.taskRun",
                "context.task",
                "context.pipelineRun",
                "context.pipeline",
                "context.pipelineTask",
            ],
            _ => return self.is_expression(),
        };
        let terminated = !matches!(
            self.variable,
            Variable::Malformed {
                reason: Reason::Unterminated,
                ..
            }
        );
        terminated
            && prefixes
                .iter()
                .any(|prefix| prefix_matches(self.body, prefix))
    }

    /// Whether the reference is the whole string, as upstream requires for a whole array in a
    /// `command`/`args` element (`param-array-not-isolated`, #46, #81) and for `$(params.x[*])`
    /// passed to a pipeline task (#80).
    pub fn is_isolated_in(&self, text: &str) -> bool {
        self.range.start == 0 && self.range.end == text.len()
    }
}

/// Every reference in `text`, in order. Never panics; linear in the length of `text`.
pub fn references(text: &str) -> Vec<Reference<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = find_open(bytes, at) {
        let body_start = start + 2;
        // The body ends at the first `)`, as in all three upstream matchers. A `$(` first means
        // this one opens shell text around a reference (`$(echo $(params.x))`); a line end
        // first means it is never closed (upstream's `.` does not cross lines).
        let mut end = body_start;
        let close = loop {
            match bytes.get(end) {
                Some(b')') => break Some(end),
                None | Some(b'\n') => break None,
                Some(b'$') if bytes.get(end + 1) == Some(&b'(') => break None,
                Some(_) => end += 1,
            }
        };
        match close {
            Some(close) => {
                let body = &text[body_start..close];
                let parser = Parser {
                    text,
                    base: body_start,
                };
                if let Some(variable) = parser.classify(body) {
                    found.push(Reference {
                        range: start..close + 1,
                        body,
                        variable,
                    });
                }
                at = close + 1;
            }
            None => {
                let body = &text[body_start..end];
                if let Some(root) = tekton_root(body) {
                    let name_len = body
                        .bytes()
                        .take_while(|&b| b.is_ascii_alphanumeric() || b"_.-[]*\"'".contains(&b))
                        .count();
                    found.push(Reference {
                        range: start..body_start + name_len,
                        body: &body[..name_len],
                        variable: Variable::Malformed {
                            root,
                            reason: Reason::Unterminated,
                        },
                    });
                }
                at = end;
            }
        }
    }
    found
}

fn find_open(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.windows(2)
        .position(|pair| pair == b"$(")
        .map(|offset| from + offset)
}

/// The expression regex of §2.1a applied to a body: `[_a-zA-Z0-9.-]+` then at most one
/// `[N]`/`[*]`.
fn is_expression(body: &str) -> bool {
    let path = match body.strip_suffix(']').and_then(|b| b.rfind('[')) {
        Some(open) => {
            let index = &body[open + 1..body.len() - 1];
            let index_ok =
                index == "*" || (!index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()));
            if !index_ok {
                return false;
            }
            &body[..open]
        }
        None => body,
    };
    !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// The prefix matcher of §2.1b on a body: `prefix` then `.anything`, `["name"]` or `['name']`.
fn prefix_matches(body: &str, prefix: &str) -> bool {
    let Some(rest) = body.strip_prefix(prefix) else {
        return false;
    };
    let bracket = |open: &str, close: &str| {
        rest.len() >= open.len() + close.len() && rest.starts_with(open) && rest.ends_with(close)
    };
    rest.starts_with('.') || bracket("[\"", "\"]") || bracket("['", "']")
}

/// The root of a body that starts like a Tekton variable (`params.`, `tasks.`, `params[`...).
fn tekton_root(body: &str) -> Option<Root> {
    let end = body.find(['.', '['])?;
    root_of(&body[..end])
}

fn root_of(word: &str) -> Option<Root> {
    Some(match word {
        "params" => Root::Params,
        "tasks" => Root::Tasks,
        "finally" => Root::Finally,
        "context" => Root::Context,
        "workspaces" => Root::Workspaces,
        "results" => Root::Results,
        "step" => Root::Step,
        "steps" => Root::Steps,
        "artifacts" => Root::Artifacts,
        "credentials" => Root::Credentials,
        _ => return None,
    })
}

/// Parses one body; `base` is the body's offset in `text`, so names get ranges in `text`.
struct Parser<'a> {
    text: &'a str,
    base: usize,
}

type Parsed<'a> = Result<Variable<'a>, Reason>;

/// A dotted path after the root: its segments and an optional trailing index.
struct Path<'a> {
    segments: Vec<Name<'a>>,
    index: Option<Access<'a>>,
}

impl<'a> Parser<'a> {
    fn name(&self, start: usize, end: usize) -> Name<'a> {
        let range = self.base + start..self.base + end;
        Name {
            text: self.text.get(range.clone()).unwrap_or_default(),
            range,
        }
    }

    fn classify(&self, body: &'a str) -> Option<Variable<'a>> {
        let root_end = body.find(['.', '[']).unwrap_or(body.len());
        let word = &body[..root_end];
        let Some(root) = root_of(word) else {
            return self.other_root(body, word);
        };
        let parsed = match root {
            Root::Params => self.param(body, root_end),
            Root::Tasks => self.tasks(body, root_end, Section::Tasks),
            Root::Finally => self.tasks(body, root_end, Section::Finally),
            Root::Context => self.context(body, root_end),
            Root::Workspaces => self.workspace(body, root_end),
            Root::Results => self
                .result_path(body, root_end)
                .map(|(result, syntax)| Variable::ResultPath { result, syntax }),
            Root::Step => self.step(body, root_end),
            Root::Steps => self.steps(body, root_end),
            Root::Artifacts => self.path_only(body, root_end, Variable::ArtifactsPath),
            Root::Credentials => self.path_only(body, root_end, Variable::CredentialsPath),
        };
        Some(parsed.unwrap_or_else(|reason| Variable::Malformed { root, reason }))
    }

    /// Legacy and obsolete roots, then anything expression-shaped.
    fn other_root(&self, body: &'a str, word: &str) -> Option<Variable<'a>> {
        let segments: Vec<&str> = body.split('.').collect();
        match (word, segments.as_slice()) {
            ("inputs", ["inputs", "params", name, ..]) if !name.is_empty() => {
                let start = "inputs.params.".len();
                Some(Variable::LegacyParam {
                    name: self.name(start, body.len()),
                })
            }
            ("resources", [_, _, ..]) | ("inputs" | "outputs", [_, "resources", _, ..]) => {
                Some(Variable::Obsolete)
            }
            _ => is_expression(body).then_some(Variable::Unknown),
        }
    }

    /// Splits `body[from..]`, which must start with `.`, into segments and a trailing index.
    fn path(&self, body: &'a str, from: usize) -> Result<Path<'a>, Reason> {
        let rest = &body[from..];
        if rest.is_empty() {
            return Err(Reason::Incomplete);
        }
        if !rest.starts_with('.') {
            return Err(Reason::BadBracket);
        }
        let (end, index) = match rest.strip_suffix(']').and_then(|r| r.rfind('[')) {
            Some(open) => (from + open, Some(parse_index(&rest[open..])?)),
            None => (body.len(), None),
        };
        let dotted = &body[from + 1..end];
        if dotted.contains(['[', ']']) {
            return Err(Reason::BadIndex);
        }
        let mut segments = Vec::new();
        let mut start = from + 1;
        for part in dotted.split('.') {
            segments.push(self.name(start, start + part.len()));
            start += part.len() + 1;
        }
        Ok(Path { segments, index })
    }

    fn param(&self, body: &'a str, from: usize) -> Parsed<'a> {
        if body[from..].starts_with('[') {
            let (name, after) = self.bracket_name(body, from)?;
            let access = match &body[after..] {
                "" => Access::Whole,
                index if index.starts_with('[') => parse_index(index)?,
                // Object keys exist only in the dot form.
                _ => return Err(Reason::BadBracket),
            };
            return Ok(Variable::Param {
                name,
                access,
                syntax: Syntax::Bracket,
            });
        }
        let Path {
            mut segments,
            index,
        } = self.path(body, from)?;
        // Upstream counts the dots before it looks at anything else (#44).
        if segments.len() > 2 {
            return Err(Reason::TooManyDots);
        }
        if segments.iter().any(|s| s.text.is_empty()) {
            return Err(Reason::Incomplete);
        }
        let key = if segments.len() == 2 {
            segments.pop()
        } else {
            None
        };
        let access = match (key, index) {
            (Some(_), Some(_)) => return Err(Reason::BadIndex),
            (Some(key), None) => Access::Key(key),
            (None, index) => index.unwrap_or(Access::Whole),
        };
        let name = segments.pop().ok_or(Reason::Incomplete)?;
        Ok(Variable::Param {
            name,
            access,
            syntax: Syntax::Dot,
        })
    }

    /// `["name"]` or `['name']` at `body[from..]`: the name and the offset after the `]`.
    fn bracket_name(&self, body: &'a str, from: usize) -> Result<(Name<'a>, usize), Reason> {
        let rest = &body[from..];
        let quote = match rest.as_bytes().get(1) {
            Some(b'"') => "\"]",
            Some(b'\'') => "']",
            _ => return Err(Reason::BadBracket),
        };
        let inner = &rest[2..];
        let len = inner.find(quote).ok_or(Reason::BadBracket)?;
        if len == 0 {
            return Err(Reason::Incomplete);
        }
        let start = from + 2;
        Ok((self.name(start, start + len), start + len + 2))
    }

    /// The path after `tasks`, `finally` or `steps` (`.<owner>.<field>...`), with the index
    /// checks their result references share: an index only right after the result name.
    fn owner_path(
        &self,
        body: &'a str,
        from: usize,
    ) -> Result<(Vec<Name<'a>>, Option<Access<'a>>), Reason> {
        let is_result = names_results(&body[from..]);
        let Path { segments, index } = match self.path(body, from) {
            Ok(path) => path,
            // `tasks.t.results["r"]` and the like: a result reference upstream cannot parse.
            Err(Reason::BadIndex | Reason::BadBracket) if is_result => {
                return Err(Reason::ResultRefMalformed);
            }
            Err(reason) => return Err(reason),
        };
        if segments.iter().any(|s| s.text.is_empty()) {
            return Err(Reason::Incomplete);
        }
        if index.is_some() && !(is_result && segments.len() == 3) {
            return Err(if is_result && segments.len() > 4 {
                Reason::ResultRefMalformed
            } else {
                Reason::BadIndex
            });
        }
        Ok((segments, index))
    }

    fn tasks(&self, body: &'a str, from: usize, section: Section) -> Parsed<'a> {
        let (mut segments, index) = self.owner_path(body, from)?;
        let words: Vec<&str> = segments.iter().map(|s| s.text).collect();
        let is_result = words.get(1) == Some(&"results");
        if section == Section::Finally && !is_result {
            return Err(if words.len() < 2 {
                Reason::Incomplete
            } else {
                Reason::UnknownField
            });
        }
        let variable = match words.as_slice() {
            ["status"] if section == Section::Tasks => Variable::TasksStatus,
            [_] | [_, "results"] | [_, "matrix"] | [_, "inputs" | "outputs"] => {
                return Err(Reason::Incomplete);
            }
            [_, field @ ("status" | "reason")] => Variable::TaskStatus {
                task: segments.swap_remove(0),
                field: if *field == "status" {
                    StatusField::Status
                } else {
                    StatusField::Reason
                },
            },
            [_, "results", _] => {
                let result = segments.swap_remove(2);
                Variable::TaskResult {
                    section,
                    task: segments.swap_remove(0),
                    result,
                    access: index.unwrap_or(Access::Whole),
                }
            }
            [_, "results", _, _] => {
                let key = segments.swap_remove(3);
                let result = segments.swap_remove(2);
                Variable::TaskResult {
                    section,
                    task: segments.swap_remove(0),
                    result,
                    access: Access::Key(key),
                }
            }
            [_, "results", ..] => return Err(Reason::ResultRefMalformed),
            [_, "matrix", "length"] => Variable::MatrixLength {
                task: segments.swap_remove(0),
                result: None,
            },
            [_, "matrix", _, "length"] => {
                let result = segments.swap_remove(2);
                Variable::MatrixLength {
                    task: segments.swap_remove(0),
                    result: Some(result),
                }
            }
            [_, kind @ ("inputs" | "outputs"), _] => {
                let name = segments.swap_remove(2);
                Variable::TaskArtifact {
                    task: segments.swap_remove(0),
                    kind: artifact_kind(kind),
                    name,
                }
            }
            _ => return Err(Reason::UnknownField),
        };
        Ok(variable)
    }

    fn context(&self, body: &'a str, from: usize) -> Parsed<'a> {
        let Path {
            mut segments,
            index,
        } = self.path(body, from)?;
        if segments.len() > 2 {
            return Err(Reason::TooManyDots);
        }
        if segments.len() < 2 || segments.iter().any(|s| s.text.is_empty()) {
            return Err(Reason::Incomplete);
        }
        if index.is_some() {
            return Err(Reason::BadIndex);
        }
        let field = segments.swap_remove(1);
        let scope = match segments[0].text {
            "taskRun" => ContextScope::TaskRun,
            "task" => ContextScope::Task,
            "pipelineRun" => ContextScope::PipelineRun,
            "pipeline" => ContextScope::Pipeline,
            "pipelineTask" => ContextScope::PipelineTask,
            _ => return Err(Reason::UnknownField),
        };
        Ok(Variable::Context { scope, field })
    }

    fn workspace(&self, body: &'a str, from: usize) -> Parsed<'a> {
        let Path { segments, index } = self.path(body, from)?;
        if index.is_some() {
            return Err(Reason::BadIndex);
        }
        if segments.len() < 2 || segments.iter().any(|s| s.text.is_empty()) {
            return Err(Reason::Incomplete);
        }
        let (last, names) = segments.split_last().ok_or(Reason::Incomplete)?;
        let field = match last.text {
            "path" => WorkspaceField::Path,
            "bound" => WorkspaceField::Bound,
            "claim" => WorkspaceField::Claim,
            "volume" => WorkspaceField::Volume,
            _ => return Err(Reason::UnknownField),
        };
        // The runtime key is `workspaces.<name>.<field>`, so a dotted name is everything between.
        let start = names.first().map_or(last.range.start, |n| n.range.start);
        let end = names.last().map_or(last.range.start, |n| n.range.end);
        let name = self.name(start - self.base, end - self.base);
        Ok(Variable::Workspace { name, field })
    }

    /// `.r.path`, `["r"].path` or `['r'].path` at `body[from..]`.
    fn result_path(&self, body: &'a str, from: usize) -> Result<(Name<'a>, Syntax), Reason> {
        if body[from..].starts_with('[') {
            let (name, after) = self.bracket_name(body, from)?;
            return match &body[after..] {
                ".path" => Ok((name, Syntax::Bracket)),
                "" => Err(Reason::Incomplete),
                _ => Err(Reason::BadBracket),
            };
        }
        let Path {
            mut segments,
            index,
        } = self.path(body, from)?;
        if index.is_some() {
            return Err(Reason::BadIndex);
        }
        if segments.iter().any(|s| s.text.is_empty()) {
            return Err(Reason::Incomplete);
        }
        match segments
            .iter()
            .map(|s| s.text)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [_, "path"] => Ok((segments.swap_remove(0), Syntax::Dot)),
            [_] => Err(Reason::Incomplete),
            // The prefix matcher splits on dots, so a dotted result name fails upstream.
            [_, _, .., "path"] => Err(Reason::TooManyDots),
            _ => Err(Reason::UnknownField),
        }
    }

    fn step(&self, body: &'a str, from: usize) -> Parsed<'a> {
        let rest = &body[from..];
        if rest == ".artifacts.path" {
            return Ok(Variable::StepArtifactsPath);
        }
        match rest.strip_prefix(".results") {
            Some(after) if after.is_empty() || after.starts_with(['.', '[']) => self
                .result_path(body, from + ".results".len())
                .map(|(result, syntax)| Variable::StepResultPath { result, syntax }),
            _ if matches!(rest, "" | "." | ".artifacts") => Err(Reason::Incomplete),
            _ => Err(Reason::UnknownField),
        }
    }

    fn steps(&self, body: &'a str, from: usize) -> Parsed<'a> {
        let (mut segments, index) = self.owner_path(body, from)?;
        let words: Vec<&str> = segments.iter().map(|s| s.text).collect();
        let variable = match words.as_slice() {
            [_] | [_, "results" | "exitCode" | "inputs" | "outputs"] => {
                return Err(Reason::Incomplete);
            }
            [_, "results", _] => {
                let result = segments.swap_remove(2);
                Variable::StepResult {
                    step: segments.swap_remove(0),
                    result,
                    access: index.unwrap_or(Access::Whole),
                }
            }
            [_, "results", _, _] => {
                let key = segments.swap_remove(3);
                let result = segments.swap_remove(2);
                Variable::StepResult {
                    step: segments.swap_remove(0),
                    result,
                    access: Access::Key(key),
                }
            }
            [_, "results", ..] => return Err(Reason::ResultRefMalformed),
            [_, "exitCode", "path"] => Variable::StepExitCodePath {
                step: segments.swap_remove(0),
            },
            [_, kind @ ("inputs" | "outputs"), _] => {
                let name = segments.swap_remove(2);
                Variable::StepArtifact {
                    step: segments.swap_remove(0),
                    kind: artifact_kind(kind),
                    name,
                }
            }
            _ => return Err(Reason::UnknownField),
        };
        Ok(variable)
    }

    /// A root whose only continuation is `.path` (`artifacts.path`, `credentials.path`).
    fn path_only(&self, body: &'a str, from: usize, variable: Variable<'a>) -> Parsed<'a> {
        match &body[from..] {
            ".path" => Ok(variable),
            "" | "." => Err(Reason::Incomplete),
            _ => Err(Reason::UnknownField),
        }
    }
}

/// Whether a path like `.t.results...` has `results` as its second segment (also when a bracket
/// follows it directly, as in `.t.results["r"]`).
fn names_results(path: &str) -> bool {
    path.split('.')
        .nth(2)
        .is_some_and(|segment| segment == "results" || segment.starts_with("results["))
}

fn artifact_kind(word: &str) -> ArtifactKind {
    if word == "inputs" {
        ArtifactKind::Inputs
    } else {
        ArtifactKind::Outputs
    }
}

/// `[*]` or `[N]`, the whole of `text`.
fn parse_index<'a>(text: &str) -> Result<Access<'a>, Reason> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or(Reason::BadIndex)?;
    if inner == "*" {
        return Ok(Access::Star);
    }
    if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::BadIndex);
    }
    inner
        .parse()
        .map(Access::Index)
        .map_err(|_| Reason::BadIndex)
}
