//! `__complete WORDS...`: the candidates for the last word of a command line being typed, in
//! the format kubectl reads from a plugin's `kubectl_complete-<name>` executable (and our own
//! shell scripts, `completion`): one candidate per line, optionally followed by a tab and a
//! description, then `:N`, where N is cobra's directive (4: offer no file names, 0: the shell
//! may complete file names).
//!
//! The words are walked over the clap command tree, so every subcommand, flag and value the
//! parser knows is offered without being listed twice. Names of Tasks, Pipelines and runs
//! (and namespaces) come from the cluster, given up on after [`CLUSTER_TIMEOUT`] so a slow or
//! unreachable cluster never hangs the shell; contexts come from the kubeconfig.

use std::time::Duration;

use clap::{Arg, Command, CommandFactory, ValueEnum};
use k8s_openapi::api::core::v1::Namespace;
use kube::Api;
use kube::api::ListParams;

use crate::cli::{Cli, ConnectionArgs};
use crate::cluster::{self, Cluster};
use crate::duration::GoDuration;
use crate::resource::{Kind, ListKind, RunKind};

/// How long the cluster may take to answer, all requests together.
pub const CLUSTER_TIMEOUT: Duration = Duration::from_millis(1500);

/// At most this many names of one kind are offered.
const NAMES: u32 = 200;

/// cobra's ShellCompDirectiveNoFileComp.
const NO_FILES: u8 = 4;
/// cobra's ShellCompDirectiveDefault: the shell may fall back to file names.
const FILES: u8 = 0;

/// What the word being completed can be.
#[derive(Debug, PartialEq, Eq)]
pub enum Need {
    /// Known candidates with their descriptions.
    Fixed(Vec<(String, String)>),
    /// Names of objects of these kinds, after the fixed candidates.
    Names(Vec<Kind>, Vec<(String, String)>),
    Namespaces,
    Contexts,
    Files,
    Nothing,
}

/// The word to complete, what it can be, and the connection flags typed so far.
#[derive(Debug)]
pub struct Request {
    pub current: String,
    /// Written before each candidate: `--output=` when completing `--output=js`.
    pub prefix: String,
    pub need: Need,
    pub connection: ConnectionArgs,
}

pub async fn run(words: Vec<String>) {
    let request = analyse(&words);
    let (candidates, directive) = candidates(request.need, &request.connection).await;
    let mut out = String::new();
    for (value, description) in candidates {
        let value = format!("{}{value}", request.prefix);
        if !value.starts_with(&request.current) {
            continue;
        }
        out.push_str(&value);
        if !description.is_empty() {
            out.push('\t');
            out.push_str(&description);
        }
        out.push('\n');
    }
    out.push_str(&format!(":{directive}\n"));
    print!("{out}");
}

async fn candidates(need: Need, connection: &ConnectionArgs) -> (Vec<(String, String)>, u8) {
    match need {
        Need::Fixed(fixed) => (fixed, NO_FILES),
        Need::Files => (Vec::new(), FILES),
        Need::Nothing => (Vec::new(), NO_FILES),
        Need::Contexts => {
            let contexts = cluster::contexts(connection)
                .into_iter()
                .map(|c| (c, String::new()))
                .collect();
            (contexts, NO_FILES)
        }
        Need::Namespaces => (from_cluster(connection, namespaces).await, NO_FILES),
        Need::Names(kinds, mut fixed) => {
            let names = from_cluster(connection, |cluster| async move {
                let mut all = Vec::new();
                for kind in kinds {
                    for name in cluster.names(kind, Some(NAMES)).await.ok()? {
                        all.push((name, kind.name().to_owned()));
                    }
                }
                Some(all)
            })
            .await;
            fixed.extend(names);
            (fixed, NO_FILES)
        }
    }
}

/// Runs `query` against the cluster within [`CLUSTER_TIMEOUT`]; nothing on any failure.
async fn from_cluster<F, Fut>(connection: &ConnectionArgs, query: F) -> Vec<(String, String)>
where
    F: FnOnce(Cluster) -> Fut,
    Fut: Future<Output = Option<Vec<(String, String)>>>,
{
    let mut connection = connection.clone();
    connection.request_timeout = Some(GoDuration {
        text: String::new(),
        duration: CLUSTER_TIMEOUT,
    });
    let work = async {
        let cluster = Cluster::connect(&connection).await.ok()?;
        query(cluster).await
    };
    tokio::time::timeout(CLUSTER_TIMEOUT, work)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

async fn namespaces(cluster: Cluster) -> Option<Vec<(String, String)>> {
    let api: Api<Namespace> = Api::all(cluster.client());
    let list = api
        .list_metadata(&ListParams::default().limit(NAMES))
        .await
        .ok()?;
    Some(
        list.items
            .into_iter()
            .filter_map(|n| n.metadata.name)
            .map(|n| (n, String::new()))
            .collect(),
    )
}

/// What the last of `words` can be, from the words before it.
pub fn analyse(words: &[String]) -> Request {
    let (current, typed) = match words.split_last() {
        Some((current, typed)) => (current.clone(), typed),
        None => (String::new(), &[][..]),
    };
    let mut root = Cli::command();
    root.build();
    let mut command = &root;
    let mut path: Vec<&str> = Vec::new();
    let mut positionals: Vec<String> = Vec::new();
    let mut connection = ConnectionArgs::default();
    let mut pending: Option<&Arg> = None;
    for word in typed {
        if let Some(flag) = pending {
            // bash splits `--flag=value` at the `=`.
            if word != "=" {
                remember(&mut connection, flag, word);
                pending = None;
            }
            continue;
        }
        if let Some(long) = word.strip_prefix("--").filter(|l| !l.is_empty()) {
            let (name, value) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            if let Some(arg) = command.get_arguments().find(|a| a.get_long() == Some(name)) {
                match value {
                    Some(value) => remember(&mut connection, arg, value),
                    None if takes_value(arg) => pending = Some(arg),
                    None => {}
                }
            }
            continue;
        }
        if let Some(short) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let mut chars = short.chars();
            if let Some(letter) = chars.next()
                && let Some(arg) = command
                    .get_arguments()
                    .find(|a| a.get_short() == Some(letter))
                && takes_value(arg)
            {
                let rest = chars.as_str();
                if rest.is_empty() {
                    pending = Some(arg);
                } else {
                    remember(&mut connection, arg, rest);
                }
            }
            continue;
        }
        if positionals.is_empty()
            && let Some(sub) = command
                .get_subcommands()
                .find(|s| s.get_name() == word || s.get_all_aliases().any(|a| a == word))
        {
            path.push(sub.get_name());
            command = sub;
            continue;
        }
        positionals.push(word.clone());
    }
    // `--output=js`: the value after the `=` (zsh, fish and kubectl pass it whole).
    let inline = current
        .strip_prefix("--")
        .and_then(|c| c.split_once('='))
        .and_then(|(name, _)| command.get_arguments().find(|a| a.get_long() == Some(name)));
    let mut prefix = String::new();
    let need = match (pending, inline) {
        (Some(flag), _) => value_need(flag),
        (None, Some(flag)) => {
            prefix = format!("--{}=", flag.get_long().unwrap_or_default());
            value_need(flag)
        }
        (None, None) if current.starts_with('-') => Need::Fixed(flags(command)),
        (None, None) if path.is_empty() => Need::Fixed(
            command
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| (s.get_name().to_owned(), about(s)))
                .collect(),
        ),
        (None, None) => positional_need(command, &positionals),
    };
    Request {
        current,
        prefix,
        need,
        connection,
    }
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

fn about(command: &Command) -> String {
    command
        .get_about()
        .map(|a| a.to_string())
        .unwrap_or_default()
}

fn help(arg: &Arg) -> String {
    arg.get_help()
        .map(|h| h.to_string())
        .and_then(|h| h.lines().next().map(str::to_owned))
        .unwrap_or_default()
}

/// Keeps the connection flags, which say where names come from.
fn remember(connection: &mut ConnectionArgs, arg: &Arg, value: &str) {
    let value = Some(value.to_owned());
    match arg.get_id().as_str() {
        "namespace" => connection.namespace = value,
        "context" => connection.context = value,
        "cluster" => connection.cluster = value,
        "user" => connection.user = value,
        "kubeconfig" => connection.kubeconfig = value.map(Into::into),
        _ => {}
    }
}

fn flags(command: &Command) -> Vec<(String, String)> {
    command
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
        .filter_map(|a| Some((format!("--{}", a.get_long()?), help(a))))
        .collect()
}

fn possible_values(arg: &Arg) -> Vec<(String, String)> {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| {
            let help = v.get_help().map(|h| h.to_string()).unwrap_or_default();
            (v.get_name().to_owned(), help)
        })
        .collect()
}

fn value_need(flag: &Arg) -> Need {
    match flag.get_id().as_str() {
        "namespace" => Need::Namespaces,
        "context" => Need::Contexts,
        _ => {
            let values = possible_values(flag);
            if !values.is_empty() {
                Need::Fixed(values)
            } else if flag
                .get_value_names()
                .is_some_and(|names| names.iter().any(|n| matches!(n.as_str(), "FILE" | "DIR")))
            {
                Need::Files
            } else {
                Need::Nothing
            }
        }
    }
}

/// A kind word as any command takes it (`pr`, `pipelinerun`, `task`, ...).
fn kind_word(word: &str) -> Option<Kind> {
    ListKind::from_str(word, false).ok().map(Kind::from)
}

/// The candidates for the next positional word of `command`, given those typed before it.
fn positional_need(command: &Command, positionals: &[String]) -> Need {
    let index = positionals.len();
    let fixed = command
        .get_positionals()
        .nth(index)
        .map(possible_values)
        .unwrap_or_default();
    let runs = vec![Kind::PipelineRun, Kind::TaskRun];
    match (command.get_name(), index) {
        ("describe" | "graph" | "start", 1) => match kind_word(&positionals[0]) {
            Some(kind) => Need::Names(vec![kind], Vec::new()),
            None => Need::Nothing,
        },
        ("cancel" | "rerun" | "logs" | "delete", 0) => {
            let kinds = RunKind::value_variants()
                .iter()
                .filter_map(|k| k.to_possible_value())
                .map(|v| (v.get_name().to_owned(), "kind".to_owned()))
                .collect();
            Need::Names(runs, kinds)
        }
        ("cancel" | "rerun" | "logs" | "delete", _) => match RunKind::parse_word(&positionals[0]) {
            Some(kind) if index == 1 || command.get_name() == "delete" => {
                Need::Names(vec![Kind::from(kind)], Vec::new())
            }
            None if command.get_name() == "delete" => Need::Names(runs, Vec::new()),
            _ => Need::Nothing,
        },
        _ if !fixed.is_empty() => Need::Fixed(fixed),
        _ => Need::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(line: &str) -> Need {
        let words: Vec<String> = line.split(' ').map(str::to_owned).collect();
        analyse(&words).need
    }

    fn values(need: Need) -> Vec<String> {
        match need {
            Need::Fixed(values) | Need::Names(_, values) => {
                values.into_iter().map(|(v, _)| v).collect()
            }
            other => panic!("expected candidates, got {other:?}"),
        }
    }

    #[test]
    fn commands_flags_and_values_come_from_the_parser() {
        let commands = values(need(""));
        for command in [
            "start", "list", "describe", "graph", "cancel", "delete", "rerun",
        ] {
            assert!(commands.contains(&command.to_owned()), "{commands:?}");
        }
        assert_eq!(
            values(need("list ")),
            ["pipelineruns", "taskruns", "pipelines", "tasks"]
        );
        assert_eq!(
            values(need("list pr -o ")),
            ["json", "yaml", "name", "wide"]
        );
        let words: Vec<String> = ["list", "pr", "--output=j"].map(str::to_owned).to_vec();
        let request = analyse(&words);
        assert_eq!(request.prefix, "--output=");
        assert_eq!(values(request.need), ["json", "yaml", "name", "wide"]);
        assert_eq!(
            values(need("list pr --output = ")),
            ["json", "yaml", "name", "wide"]
        );
        assert!(values(need("list pr --")).contains(&"--limit".to_owned()));
        assert_eq!(values(need("completion ")), ["bash", "zsh", "fish"]);
    }

    #[test]
    fn names_come_from_the_cluster_for_the_kind_typed() {
        assert_eq!(
            need("describe pr "),
            Need::Names(vec![Kind::PipelineRun], Vec::new())
        );
        assert_eq!(
            need("start task "),
            Need::Names(vec![Kind::Task], Vec::new())
        );
        assert_eq!(
            need("-n ci graph pipeline "),
            Need::Names(vec![Kind::Pipeline], Vec::new())
        );
        assert!(
            matches!(need("cancel "), Need::Names(kinds, _) if kinds == [Kind::PipelineRun, Kind::TaskRun])
        );
        assert_eq!(
            need("delete tr a "),
            Need::Names(vec![Kind::TaskRun], Vec::new())
        );
        assert_eq!(need("cancel a "), Need::Nothing);
    }

    #[test]
    fn connection_flags_are_kept_and_complete_their_values() {
        let words: Vec<String> = ["--context", "dev", "-n", "ci", "describe", "pr", ""]
            .map(str::to_owned)
            .to_vec();
        let request = analyse(&words);
        assert_eq!(request.connection.context.as_deref(), Some("dev"));
        assert_eq!(request.connection.namespace.as_deref(), Some("ci"));
        assert_eq!(need("list -n "), Need::Namespaces);
        assert_eq!(need("--context "), Need::Contexts);
        assert_eq!(need("create -f "), Need::Files);
    }
}
