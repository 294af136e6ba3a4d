//! Test support for the local Tekton cluster that `tests/cluster/up` starts.
//!
//! [`Cluster::connect`] reads the kubeconfig `up` wrote, [`Cluster::namespace`] gives a
//! test its own namespace that is deleted when the guard drops, and [`RunScript`]
//! builds the annotations that tell the fake kubelet what a TaskRun's steps print and
//! how they exit (see `tests/cluster/README.md`). [`Cluster::audited_requests`] counts
//! the requests a client made, from the API server's audit log.
//!
//! Tests that need the cluster are `#[ignore]`d so a plain `cargo test` skips them;
//! `tests/run-all` starts the cluster and runs them with `--include-ignored`. Run
//! without a cluster, they fail at [`Cluster::connect`] instead of passing.

pub mod audit;
mod script;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::serde::de::DeserializeOwned;
use kube::api::{DeleteParams, ObjectMeta, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};
use kube::runtime::wait::await_condition;
use kube::{Api, Client, Config, Resource};

pub use audit::{AuditedRequest, RequestFilter};
pub use script::{RunScript, StepScript};

/// Overrides where the kubeconfig is read from.
pub const KUBECONFIG_ENV: &str = "KT_KUBECONFIG";

#[derive(thiserror::Error)]
pub enum Error {
    #[error(
        "no kubeconfig at {0}: start the local cluster with tests/cluster/up (or set {KUBECONFIG_ENV})"
    )]
    NoKubeconfig(PathBuf),
    #[error("reading kubeconfig {path}")]
    Kubeconfig {
        path: PathBuf,
        #[source]
        source: KubeconfigError,
    },
    #[error(
        "the API server named in {kubeconfig} does not answer: start the local cluster with tests/cluster/up"
    )]
    Unreachable {
        kubeconfig: PathBuf,
        #[source]
        source: kube::Error,
    },
    #[error("Kubernetes API")]
    Kube(#[from] kube::Error),
    #[error("timed out after {0:?} waiting for {1}")]
    Timeout(Duration, String),
    #[error("waiting for {0}")]
    Wait(String, #[source] kube::runtime::wait::Error),
    #[error("starting a runtime to delete namespace {0}")]
    Runtime(String, #[source] std::io::Error),
    #[error(
        "no audit log at {0}: the API server runs without one; restart the cluster with tests/cluster/up"
    )]
    NoAuditLog(PathBuf),
    #[error("reading audit log {0}")]
    ReadAuditLog(PathBuf, #[source] std::io::Error),
    #[error("running {0}")]
    Command(String, #[source] std::io::Error),
    #[error("{0} failed: {1}")]
    CommandFailed(String, String),
}

// Tests report errors through `expect`, which prints Debug: show the message and its
// causes (which say what to do) rather than the variant's fields.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The cluster's run folder, as the scripts find it: `$KT_RUN`, else
/// `${KT_CACHE:-$HOME/.cache/kt-testenv}/run`.
pub fn run_dir() -> PathBuf {
    if let Some(run) = env_path("KT_RUN") {
        return run;
    }
    let cache = env_path("KT_CACHE").unwrap_or_else(|| {
        env_path("HOME")
            .unwrap_or_else(|| PathBuf::from("/"))
            .join(".cache/kt-testenv")
    });
    cache.join("run")
}

/// Where `tests/cluster/up` writes the kubeconfig, following the same variables as the
/// scripts: `KT_KUBECONFIG`, else `$KT_RUN/kubeconfig`, else
/// `${KT_CACHE:-$HOME/.cache/kt-testenv}/run/kubeconfig`.
pub fn kubeconfig_path() -> PathBuf {
    env_path(KUBECONFIG_ENV).unwrap_or_else(|| run_dir().join("kubeconfig"))
}

/// The kubeconfig of the spare API server (`tests/cluster/restart-apiserver --spare`).
pub fn spare_kubeconfig_path() -> PathBuf {
    run_dir().join("kubeconfig-spare")
}

/// The folder of the cluster scripts (`tests/cluster`).
pub fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cluster")
}

/// The kubeconfig of the bare API server (`tests/cluster/restart-apiserver --bare`).
pub fn bare_kubeconfig_path() -> PathBuf {
    run_dir().join("kubeconfig-bare")
}

/// (Re)starts the spare API server, a second kube-apiserver on the cluster's etcd
/// that a test may restart without disturbing other tests, and waits until it is
/// ready. Connect to it with [`Cluster::connect_spare`].
pub fn restart_spare_apiserver() -> Result<(), Error> {
    restart_apiserver("--spare")
}

/// (Re)starts the bare API server: a kube-apiserver on the cluster's etcd under a key
/// prefix of its own, so an empty cluster without Tekton's CRDs; its kubeconfig is
/// [`bare_kubeconfig_path`].
pub fn restart_bare_apiserver() -> Result<(), Error> {
    restart_apiserver("--bare")
}

fn restart_apiserver(which: &str) -> Result<(), Error> {
    let script = scripts_dir().join("restart-apiserver");
    let what = format!("{} {which}", script.display());
    let out = std::process::Command::new(&script)
        .arg(which)
        .output()
        .map_err(|e| Error::Command(what.clone(), e))?;
    if !out.status.success() {
        return Err(Error::CommandFailed(
            what,
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ));
    }
    Ok(())
}

/// A connection to the local test cluster.
#[derive(Clone)]
pub struct Cluster {
    client: Client,
    kubeconfig: PathBuf,
    audit_log: PathBuf,
}

impl Cluster {
    /// Connects through the kubeconfig at [`kubeconfig_path`].
    pub async fn connect() -> Result<Self, Error> {
        Self::connect_with(&kubeconfig_path()).await
    }

    /// Connects through the spare API server, started (or restarted) with
    /// [`restart_spare_apiserver`]; its requests are in its own audit log.
    pub async fn connect_spare() -> Result<Self, Error> {
        let mut cluster = Self::connect_with(&spare_kubeconfig_path()).await?;
        cluster.audit_log = run_dir().join("logs/audit-spare.log");
        Ok(cluster)
    }

    /// Connects through the bare API server (an empty cluster, without Tekton), started
    /// with [`restart_bare_apiserver`]; its requests are in its own audit log.
    pub async fn connect_bare() -> Result<Self, Error> {
        let mut cluster = Self::connect_with(&bare_kubeconfig_path()).await?;
        cluster.audit_log = run_dir().join("logs/audit-bare.log");
        Ok(cluster)
    }

    pub async fn connect_with(kubeconfig: &Path) -> Result<Self, Error> {
        let client = client_from(kubeconfig).await?;
        // Fail here, with a clear message, rather than in the middle of a test.
        client
            .apiserver_version()
            .await
            .map_err(|source| Error::Unreachable {
                kubeconfig: kubeconfig.to_path_buf(),
                source,
            })?;
        Ok(Self {
            client,
            kubeconfig: kubeconfig.to_path_buf(),
            audit_log: run_dir().join("logs/audit.log"),
        })
    }

    /// The kubeconfig this connection uses, for running a binary against the same server.
    pub fn kubeconfig(&self) -> &Path {
        &self.kubeconfig
    }

    /// The requests `filter` keeps from this API server's audit log. The log is
    /// written as requests complete: this first sends a marker request and waits
    /// until it shows, so every request that completed before the call is counted.
    pub async fn audited_requests(
        &self,
        filter: &RequestFilter,
    ) -> Result<Vec<audit::AuditedRequest>, Error> {
        let sent = SystemTime::now();
        let marker = format!(
            "kt-audit-marker-{}",
            sent.duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
        );
        let namespaces: Api<Namespace> = Api::all(self.client.clone());
        namespaces.get_opt(&marker).await?;
        let window = RequestFilter::between(
            sent - Duration::from_secs(1),
            SystemTime::now() + Duration::from_secs(1),
        );
        let deadline = tokio::time::Instant::now() + audit::MARKER_TIMEOUT;
        loop {
            let seen = audit::read_requests(&self.audit_log, &window)?;
            if seen
                .iter()
                .any(|r| r.request_uri.contains(&marker) && r.code.is_some())
            {
                break;
            }
            if tokio::time::Instant::now() > deadline {
                return Err(Error::Timeout(
                    audit::MARKER_TIMEOUT,
                    format!("request {marker} in {}", self.audit_log.display()),
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        audit::read_requests(&self.audit_log, filter)
    }

    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// Creates a fresh namespace named after `prefix` and waits until its `default`
    /// ServiceAccount exists (Tekton's pods run as it). The namespace is deleted when
    /// the returned guard drops, also when the test panics.
    pub async fn namespace(&self, prefix: &str) -> Result<TestNamespace, Error> {
        let namespaces: Api<Namespace> = Api::all(self.client.clone());
        let mut generate_name: String = format!("kt-{prefix}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(40)
            .collect();
        generate_name.push('-');
        let ns = Namespace {
            metadata: ObjectMeta {
                generate_name: Some(generate_name),
                labels: Some([("kt.test/test-namespace".to_owned(), "true".to_owned())].into()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        };
        let created = namespaces.create(&PostParams::default(), &ns).await?;
        let name = created.metadata.name.unwrap_or_default();
        let guard = TestNamespace {
            name,
            kubeconfig: self.kubeconfig.clone(),
        };
        let accounts: Api<ServiceAccount> = Api::namespaced(self.client.clone(), &guard.name);
        wait_for(
            &accounts,
            "default",
            Duration::from_secs(30),
            |_: &ServiceAccount| true,
        )
        .await?;
        Ok(guard)
    }

    /// An API for namespaced objects of type `K` in `ns`.
    pub fn api<K>(&self, ns: &TestNamespace) -> Api<K>
    where
        K: Resource<Scope = k8s_openapi::NamespaceResourceScope>,
        K::DynamicType: Default,
    {
        Api::namespaced(self.client.clone(), ns.name())
    }
}

async fn client_from(kubeconfig: &Path) -> Result<Client, Error> {
    if !kubeconfig.is_file() {
        return Err(Error::NoKubeconfig(kubeconfig.to_path_buf()));
    }
    let kc_err = |source| Error::Kubeconfig {
        path: kubeconfig.to_path_buf(),
        source,
    };
    let kc = Kubeconfig::read_from(kubeconfig).map_err(kc_err)?;
    let config = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .map_err(kc_err)?;
    Ok(Client::try_from(config)?)
}

/// A namespace that exists for one test; dropping it deletes the namespace.
#[derive(Debug)]
pub struct TestNamespace {
    name: String,
    kubeconfig: PathBuf,
}

impl TestNamespace {
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestNamespace {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be unwinding from a panic, so
        // delete through a fresh client on a thread with its own runtime.
        let name = self.name.clone();
        let kubeconfig = self.kubeconfig.clone();
        let deleted = std::thread::spawn(move || -> Result<(), Error> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Runtime(name.clone(), e))?;
            runtime.block_on(async {
                let namespaces: Api<Namespace> = Api::all(client_from(&kubeconfig).await?);
                namespaces
                    .delete(&name, &DeleteParams::background())
                    .await?;
                Ok(())
            })
        })
        .join();
        match deleted {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not delete test namespace {}: {e}", self.name),
            Err(_) => eprintln!("deleting test namespace {} panicked", self.name),
        }
    }
}

/// Waits until the object `name` exists and `done` holds for it, for at most `timeout`.
pub async fn wait_for<K>(
    api: &Api<K>,
    name: &str,
    timeout: Duration,
    done: impl Fn(&K) -> bool,
) -> Result<K, Error>
where
    K: Resource + Clone + DeserializeOwned + std::fmt::Debug + Send + 'static,
    K::DynamicType: Default + Eq + std::hash::Hash + Clone,
{
    let what = format!("{} {name}", K::kind(&K::DynamicType::default()));
    let cond = move |obj: Option<&K>| obj.is_some_and(&done);
    match tokio::time::timeout(timeout, await_condition(api.clone(), name, cond)).await {
        Err(_) => Err(Error::Timeout(timeout, what)),
        Ok(Err(e)) => Err(Error::Wait(what, e)),
        Ok(Ok(Some(obj))) => Ok(obj),
        // await_condition only returns once the condition held, i.e. for Some.
        Ok(Ok(None)) => Err(Error::Timeout(timeout, what)),
    }
}
