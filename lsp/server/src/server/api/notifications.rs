//! Notification handlers, one file per LSP method. Each changes the [`Session`] and returns the
//! background work it needs.
//!
//! [`Session`]: crate::server::session::Session

pub mod did_change;
pub mod did_change_watched_files;
pub mod did_change_workspace_folders;
pub mod did_close;
pub mod did_open;
pub mod did_save;
pub mod initialized;
