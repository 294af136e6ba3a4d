//! Printing: aligned tables ([`table`]) and objects as JSON, YAML or `kind/name`, the way
//! kubectl's `-o` prints them (several objects become one `List`).

pub mod describe;
pub mod graph;
pub mod list;
pub mod table;

use std::io::Write;

use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::resource::Kind;

/// `-o` for commands that print objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ObjectFormat {
    Json,
    Yaml,
    /// `kind.group/name`, one per line.
    Name,
}

/// Prints `objects` in `format`. One object is printed as itself, several as a kubectl `List`.
pub fn write_objects<T: Serialize>(
    out: &mut dyn Write,
    format: ObjectFormat,
    kind: Kind,
    objects: &[T],
) -> Result<()> {
    match format {
        ObjectFormat::Name => {
            for object in objects {
                let value = to_value(object)?;
                let name = value
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                writeln!(out, "{}/{name}", kind.qualified())?;
            }
        }
        ObjectFormat::Json | ObjectFormat::Yaml => {
            let document = match objects {
                [one] => to_value(one)?,
                many => json!({
                    "apiVersion": "v1",
                    "kind": "List",
                    "items": many.iter().map(to_value).collect::<Result<Vec<_>>>()?,
                    "metadata": {"resourceVersion": ""},
                }),
            };
            write_document(out, format, &document)?;
        }
    }
    Ok(())
}

/// Prints one JSON value as JSON (indented) or YAML.
pub fn write_document(out: &mut dyn Write, format: ObjectFormat, document: &Value) -> Result<()> {
    match format {
        ObjectFormat::Yaml => {
            let text = serde_saphyr::to_string(document)
                .map_err(|e| Error::Failed(format!("cannot print YAML: {e}")))?;
            out.write_all(text.as_bytes())?;
        }
        _ => {
            serde_json::to_writer_pretty(&mut *out, document)
                .map_err(|e| Error::Failed(format!("cannot print JSON: {e}")))?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn to_value<T: Serialize>(object: &T) -> Result<Value> {
    serde_json::to_value(object).map_err(|e| Error::Failed(format!("cannot print an object: {e}")))
}
