//! Reading YAML files (or stdin) with the linter's parser, so values are typed as kubectl
//! types them (YAML 1.1 scalars: `yes` is a boolean, `0777` octal) and what the plugin sends
//! is what `tekton-lsp check` judged.

use std::io::Read;
use std::path::Path;

use serde_json::Value;
use tekton_analysis::syntax::{self, SyntaxTree};
use tekton_analysis::{DocumentKind, FileAnalysis, TektonKind, TektonVersion};

use crate::error::{Error, Result};

/// A file's text and the name to show for it (`-` is stdin, shown as `<stdin>`).
pub struct Source {
    pub shown: String,
    pub text: String,
}

pub fn read(path: &Path) -> Result<Source> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::Failed(format!("cannot read stdin: {e}")))?;
        return Ok(Source {
            shown: "<stdin>".to_owned(),
            text,
        });
    }
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Failed(match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("`{shown}` does not exist; check the path (it is relative to the current folder)")
            }
            std::io::ErrorKind::InvalidData => {
                format!("`{shown}` is not UTF-8 text; give a YAML or JSON file")
            }
            _ => format!("cannot read `{shown}`: {e}"),
        })
    })?;
    Ok(Source { shown, text })
}

/// A Tekton document of a file, as JSON.
#[derive(Clone, Debug)]
pub struct TektonDocument {
    pub version: TektonVersion,
    pub kind: TektonKind,
    pub value: Value,
}

/// The Tekton documents of an analysed file, in order, as JSON values. Documents that cannot
/// be converted (broken YAML) are left out: the analysis reports them.
pub fn tekton_documents(analysis: &FileAnalysis) -> Vec<TektonDocument> {
    analysis
        .documents
        .iter()
        .filter_map(|document| {
            let DocumentKind::Tekton { version, kind } = document.kind else {
                return None;
            };
            let value = syntax::to_json(&analysis.syntax, document.root?)
                .ok()?
                .value;
            Some(TektonDocument {
                version,
                kind,
                value,
            })
        })
        .collect()
}

/// The first document of a YAML or JSON text as JSON (for param files and volume claim
/// templates).
pub fn first_value(source: &Source) -> Result<Value> {
    let tree: SyntaxTree = syntax::parse(&source.text);
    if let Some(error) = tree.errors().first() {
        return Err(Error::Failed(format!(
            "`{}` is not valid YAML ({}); fix the file",
            source.shown, error.message
        )));
    }
    let root = tree
        .documents()
        .iter()
        .find_map(|d| d.root)
        .ok_or_else(|| {
            Error::Failed(format!("`{}` is empty; give it some content", source.shown))
        })?;
    syntax::to_json(&tree, root)
        .map(|conversion| conversion.value)
        .map_err(|e| Error::Failed(format!("cannot read `{}`: {e}", source.shown)))
}
