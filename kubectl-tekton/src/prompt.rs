//! Asking for missing values, only when a person is there to answer: stdin and stderr are
//! terminals. Scripts and CI never get a prompt (a prompt without a terminal is tkn's most
//! voted complaint); they get the missing value reported instead.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::error::{Error, Result};

pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks `question` on stderr and returns the answer, trimmed; `None` when it is empty or
/// stdin ends.
pub fn ask(question: &str) -> Result<Option<String>> {
    let mut err = io::stderr().lock();
    write!(err, "{question}: ")?;
    err.flush()?;
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Failed(format!("cannot read the answer: {e}")))?;
    let answer = line.trim();
    Ok((!answer.is_empty()).then(|| answer.to_owned()))
}
