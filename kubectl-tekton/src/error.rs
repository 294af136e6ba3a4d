//! Every way a command can fail, each as one sentence that says what went wrong and what to do,
//! and the exit status it gives: 1 when the operation failed, 2 for bad usage (clap's own usage
//! errors exit 2 as well).
//!
//! Kubernetes API errors become these through [`Error::from_kube`], which needs to know what the
//! request was doing ([`Action`]) so that a refusal names the verb, the resource and the
//! namespace, and never shows a raw HTTP body.

use std::fmt;

use crate::resource::Kind;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a request to the API server was doing, for the message when it fails.
#[derive(Clone, Debug)]
pub struct Action {
    /// The Kubernetes verb: `get`, `list`, `watch`, `create`, `patch`, `delete`.
    pub verb: &'static str,
    /// The plural resource, e.g. `pipelineruns`.
    pub resource: &'static str,
    /// The kind as people say it, e.g. `PipelineRun`.
    pub kind: &'static str,
    /// `None` for a request across all namespaces.
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl Action {
    /// A request on a Tekton kind.
    pub fn new(verb: &'static str, kind: Kind, namespace: Option<&str>) -> Self {
        Self::on(verb, kind.plural(), kind.name(), namespace)
    }

    /// A request on any resource, e.g. `Action::on("get", "pods", "pod", Some(ns))`.
    pub fn on(
        verb: &'static str,
        resource: &'static str,
        kind: &'static str,
        namespace: Option<&str>,
    ) -> Self {
        Action {
            verb,
            resource,
            kind,
            namespace: namespace.map(str::to_owned),
            name: None,
        }
    }

    pub fn named(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    fn place(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("in namespace `{namespace}`"),
            None => "across all namespaces".to_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no kubeconfig found ({tried}): point KUBECONFIG or --kubeconfig at one, or create ~/.kube/config (your cluster's provider has a command that writes it)"
    )]
    NoKubeconfig { tried: String },

    #[error(
        "cannot use the kubeconfig {path}: {reason}; fix the file or pass another with --kubeconfig"
    )]
    BadKubeconfig { path: String, reason: String },

    #[error(
        "the kubeconfig sets no current context: pass --context NAME or run `kubectl config use-context NAME`{}",
        available_contexts(.available)
    )]
    NoCurrentContext { available: Vec<String> },

    #[error(
        "context `{name}` is not in the kubeconfig{}: {}",
        did_you_mean(.closest.as_deref()),
        context_fix(.available)
    )]
    UnknownContext {
        name: String,
        closest: Option<String>,
        available: Vec<String>,
    },

    #[error(
        "cannot use context `{context}`: {reason}; fix it in the kubeconfig or pick another with --context"
    )]
    BadContext { context: String, reason: String },

    #[error(
        "cannot reach the Kubernetes API server at {server} ({cause}): check that the cluster is running and that the kubeconfig's context points at it"
    )]
    Unreachable { server: String, cause: String },

    #[error(
        "TLS verification of the API server at {server} failed ({cause}): check the cluster's certificate-authority in the kubeconfig"
    )]
    Tls { server: String, cause: String },

    #[error(
        "getting credentials for {server} failed ({cause}): check the kubeconfig's user (its exec plugin or token) and log in again"
    )]
    Credentials { server: String, cause: String },

    #[error(
        "the API server at {server} did not accept your credentials (401 Unauthorized): log in again or refresh the kubeconfig's token"
    )]
    Unauthorized { server: String },

    #[error(
        "Tekton is not installed on the cluster at {server} (it serves no tekton.dev API): install Tekton Pipelines, or pick another cluster with --context"
    )]
    TektonMissing { server: String },

    #[error(
        "forbidden: {user} cannot {verb} {resource} {place}; ask a cluster admin for a Role that allows it, or use another namespace with -n"
    )]
    Forbidden {
        user: String,
        verb: &'static str,
        resource: &'static str,
        place: String,
    },

    #[error("{kind} `{name}` not found in namespace `{namespace}`{}", not_found_fix(.closest.as_deref(), .resource))]
    NotFound {
        kind: &'static str,
        resource: &'static str,
        name: String,
        namespace: String,
        /// The most similar name in the namespace, filled in by [`crate::cluster::Cluster::get`].
        closest: Option<String>,
    },

    #[error("{kind} `{name}` has already finished ({status}); there is nothing to cancel")]
    AlreadyFinished {
        kind: Kind,
        name: String,
        status: String,
    },

    #[error("{kind} `{name}` already exists in namespace `{namespace}`: choose another name")]
    AlreadyExists {
        kind: &'static str,
        name: String,
        namespace: String,
    },

    #[error("the API server rejected the {kind}: {message}")]
    Rejected { kind: &'static str, message: String },

    #[error("the API server could not {verb} {resource} {place}: {message}")]
    Api {
        verb: &'static str,
        resource: &'static str,
        place: String,
        message: String,
    },

    /// A command's own failure, already one sentence with its fix.
    #[error("{0}")]
    Failed(String),

    /// Bad usage not caught by clap (exit status 2).
    #[error("{0}")]
    Usage(String),

    /// Writing to stdout failed; a closed pipe (`| head`) is not reported.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

fn did_you_mean(closest: Option<&str>) -> String {
    closest
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

fn available_contexts(available: &[String]) -> String {
    if available.is_empty() {
        String::new()
    } else {
        format!(" (contexts: {})", available.join(", "))
    }
}

fn context_fix(available: &[String]) -> String {
    if available.is_empty() {
        "the kubeconfig defines no contexts; add one with `kubectl config set-context`".to_owned()
    } else {
        format!("pass one of {} to --context", available.join(", "))
    }
}

fn not_found_fix(closest: Option<&str>, resource: &str) -> String {
    match closest {
        Some(closest) => format!("; did you mean `{closest}`?"),
        None => format!(
            "; list what exists with `kubectl tekton list {resource}`, or pick another namespace with -n"
        ),
    }
}

impl Error {
    /// The process exit status for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// Turns a client error into one sentence. `server` is the API server's address, shown
    /// when it cannot be reached.
    pub fn from_kube(error: kube::Error, action: &Action, server: &str) -> Error {
        let server = server.to_owned();
        match error {
            kube::Error::Api(status) => from_status(&status, action, server),
            kube::Error::Auth(cause) => Error::Credentials {
                server,
                cause: credentials_cause(&cause),
            },
            kube::Error::RustlsTls(cause) => Error::Tls {
                server,
                cause: cause.to_string(),
            },
            other => {
                if let Some(tls) = find_cause::<rustls::Error>(&other) {
                    return Error::Tls {
                        server,
                        cause: tls.to_string(),
                    };
                }
                if let Some(io) = find_cause::<std::io::Error>(&other) {
                    return Error::Unreachable {
                        server,
                        cause: io_cause(io),
                    };
                }
                match other {
                    kube::Error::HyperError(_) | kube::Error::Service(_) => Error::Unreachable {
                        server,
                        cause: innermost(&other),
                    },
                    kube::Error::SerdeError(cause) => Error::Api {
                        verb: action.verb,
                        resource: action.resource,
                        place: action.place(),
                        message: format!(
                            "its answer could not be read ({cause}); check that --context points at a Kubernetes API server"
                        ),
                    },
                    other => Error::Api {
                        verb: action.verb,
                        resource: action.resource,
                        place: action.place(),
                        message: innermost(&other),
                    },
                }
            }
        }
    }
}

fn from_status(status: &kube::core::Status, action: &Action, server: String) -> Error {
    let message = status.message.clone();
    match status.code {
        401 => Error::Unauthorized { server },
        403 => Error::Forbidden {
            user: forbidden_user(&message).unwrap_or_else(|| "you".to_owned()),
            verb: action.verb,
            resource: action.resource,
            place: action.place(),
        },
        409 if action.verb == "create" => Error::AlreadyExists {
            kind: action.kind,
            name: action.name.clone().unwrap_or_default(),
            namespace: action.namespace.clone().unwrap_or_default(),
        },
        422 => Error::Rejected {
            kind: action.kind,
            message,
        },
        404 => match &action.name {
            Some(name) => Error::NotFound {
                kind: action.kind,
                resource: action.resource,
                name: name.clone(),
                namespace: action.namespace.clone().unwrap_or_default(),
                closest: None,
            },
            None => Error::Api {
                verb: action.verb,
                resource: action.resource,
                place: action.place(),
                message: format!("the server does not serve {}", action.resource),
            },
        },
        _ => Error::Api {
            verb: action.verb,
            resource: action.resource,
            place: action.place(),
            message: if message.is_empty() {
                format!("HTTP status {}", status.code)
            } else {
                message
            },
        },
    }
}

/// Why credentials could not be had, without the raw process dump kube's message holds.
pub fn credentials_cause(error: &kube::client::AuthError) -> String {
    use kube::client::AuthError;
    match error {
        AuthError::AuthExecRun { out, .. } => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let said = stderr
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty())
                .map(|l| format!(": {l}"))
                .unwrap_or_default();
            format!(
                "the exec credential plugin exited with {}{said}",
                out.status
            )
        }
        AuthError::AuthExecStart(io) => {
            format!("the exec credential plugin could not be started ({io})")
        }
        other => other.to_string(),
    }
}

/// The user a 403 names: the API server's message reads `... User "alice" cannot ...`.
fn forbidden_user(message: &str) -> Option<String> {
    let after = message.split_once("User \"")?.1;
    let (user, _) = after.split_once('"')?;
    Some(format!("user `{user}`"))
}

/// The first cause of type `T` in the error's chain; an `io::Error` may wrap its cause without
/// exposing it as `source`, so its inner error is looked at too.
fn find_cause<'e, T: std::error::Error + 'static>(
    error: &'e (dyn std::error::Error + 'static),
) -> Option<&'e T> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(found) = find_cause::<T>(inner)
        {
            return Some(found);
        }
        current = e.source();
    }
    None
}

fn io_cause(io: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match io.kind() {
        ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        ErrorKind::TimedOut => "timed out".to_owned(),
        ErrorKind::ConnectionReset => "connection reset".to_owned(),
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => "no route to host".to_owned(),
        _ => io.to_string(),
    }
}

/// The last message in an error's chain: the specific one, without the wrappers' prefixes.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut last = error;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
