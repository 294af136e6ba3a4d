//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's diff.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`. The message must
//! stay on one line, so `%`, CR and LF are percent-escaped; property values also escape `:` and
//! `,`, which would otherwise end the value (the escaping the Actions toolkit documents and
//! implements in `@actions/core`'s `command.ts`).

use std::io::{self, Write};

use tekton_analysis::Severity;

use super::{Report, slash_path};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, diagnostic) in report.diagnostics() {
        let range = file.range(diagnostic.span);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&slash_path(&file.path)),
            range.start.line,
            range.start.column,
            range.end.line,
            range.end.column,
            escape_property(diagnostic.rule),
            escape_data(&diagnostic.message),
        )?;
    }
    Ok(())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("100%\r\nnext: a,b"), "100%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
