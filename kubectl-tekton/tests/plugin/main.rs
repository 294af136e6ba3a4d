//! `kubectl-tekton` end to end: the real binary, run as a user would run it, against the
//! local cluster (`tests/cluster/up`) and, for connection failures, against servers that
//! are not there or not what they seem. One module per command; `util` runs the binary and
//! sets up objects.
//!
//! Tests that need the cluster are `#[ignore = "needs the local cluster: tests/cluster/up"]`;
//! `tests/run-all` runs them with the cluster up. Each gets its own namespace.

mod cancel;
mod completion;
mod connection;
mod create;
mod delete;
mod describe;
mod graph;
mod list;
mod rerun;
mod start;
mod util;
