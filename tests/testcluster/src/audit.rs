//! Reads the API server's audit log (`$KT_RUN/logs/audit.log`, written by the policy
//! in `tests/cluster/audit-policy.yaml`) to count the requests a client made: how a
//! test shows that a command pages on the server, or makes a number of requests that
//! does not grow with the number of updates.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use k8s_openapi::jiff::Timestamp;
use serde::Deserialize;

use crate::Error;

/// One request as the audit log records it (Metadata level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditedRequest {
    pub audit_id: String,
    /// `get`, `list`, `watch`, `create`, ... (the Kubernetes verb, not the HTTP one).
    pub verb: String,
    /// Path and query as sent, e.g. `/apis/tekton.dev/v1/namespaces/x/pipelineruns?limit=10`.
    pub request_uri: String,
    pub user: String,
    pub user_agent: String,
    /// When the API server received it.
    pub received: SystemTime,
    /// The response code, once the response completed.
    pub code: Option<u16>,
}

/// Which requests to count: received in `[since, until]`, and from the user and
/// user agent given (a prefix, e.g. `"kubectl-tekton/"` or `"tkn/"`), when given.
#[derive(Debug, Clone)]
pub struct RequestFilter {
    pub since: SystemTime,
    pub until: SystemTime,
    pub user: Option<String>,
    pub user_agent_prefix: Option<String>,
}

impl RequestFilter {
    /// Every request received between `since` and `until`.
    pub fn between(since: SystemTime, until: SystemTime) -> Self {
        Self {
            since,
            until,
            user: None,
            user_agent_prefix: None,
        }
    }

    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    pub fn user_agent_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.user_agent_prefix = Some(prefix.into());
        self
    }

    fn matches(&self, r: &AuditedRequest) -> bool {
        r.received >= self.since
            && r.received <= self.until
            && self.user.as_ref().is_none_or(|u| &r.user == u)
            && self
                .user_agent_prefix
                .as_ref()
                .is_none_or(|p| r.user_agent.starts_with(p.as_str()))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    #[serde(rename = "auditID")]
    audit_id: String,
    stage: String,
    verb: String,
    #[serde(rename = "requestURI")]
    request_uri: String,
    #[serde(default)]
    user: User,
    #[serde(default)]
    user_agent: String,
    request_received_timestamp: String,
    #[serde(default)]
    response_status: Option<ResponseStatus>,
}

#[derive(Deserialize, Default)]
struct User {
    #[serde(default)]
    username: String,
}

#[derive(Deserialize)]
struct ResponseStatus {
    #[serde(default)]
    code: Option<u16>,
}

/// The audit log files of one API server, oldest first: the rotated backups
/// (`audit-<time>.log`) and then the current file.
fn log_files(current: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let stem = current.file_stem().and_then(|s| s.to_str());
    if let (Some(dir), Some(stem)) = (current.parent(), stem)
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        let backup_prefix = format!("{stem}-");
        let mut backups: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.starts_with(&backup_prefix)
                        && n.ends_with(".log")
                        // audit-spare.log is another server's, not a backup.
                        && n[backup_prefix.len()..].starts_with(|c: char| c.is_ascii_digit())
                })
            })
            .collect();
        backups.sort();
        files.extend(backups);
    }
    files.push(current.to_path_buf());
    files
}

/// Every request in the audit log at `path` that `filter` keeps, in the order
/// received; a request logged at several stages (a watch) counts once.
pub fn read_requests(path: &Path, filter: &RequestFilter) -> Result<Vec<AuditedRequest>, Error> {
    if !path.is_file() {
        return Err(Error::NoAuditLog(path.to_path_buf()));
    }
    let mut by_id: std::collections::HashMap<String, AuditedRequest> = Default::default();
    for file in log_files(path) {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            // A backup rotated away meanwhile.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::ReadAuditLog(file, e)),
        };
        for line in text.lines() {
            // The last line may be half written.
            let Ok(event) = serde_json::from_str::<Event>(line) else {
                continue;
            };
            let Ok(received) = event.request_received_timestamp.parse::<Timestamp>() else {
                continue;
            };
            let request = AuditedRequest {
                audit_id: event.audit_id,
                verb: event.verb,
                request_uri: event.request_uri,
                user: event.user.username,
                user_agent: event.user_agent,
                received: SystemTime::from(received),
                code: (event.stage == "ResponseComplete")
                    .then(|| event.response_status.and_then(|s| s.code))
                    .flatten(),
            };
            if !filter.matches(&request) {
                continue;
            }
            by_id
                .entry(request.audit_id.clone())
                .and_modify(|r| r.code = r.code.or(request.code))
                .or_insert(request);
        }
    }
    let mut out: Vec<_> = by_id.into_values().collect();
    out.sort_by_key(|r| r.received);
    Ok(out)
}

/// How long to wait for a marker request to show in the log.
pub(crate) const MARKER_TIMEOUT: Duration = Duration::from_secs(10);
