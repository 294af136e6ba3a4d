mod logs;

pub use logs::{LogFormat, LogsArgs};
