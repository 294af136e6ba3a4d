//! Param values from the command line, typed by the declaration of the param they are for:
//! `-p NAME=VALUE` gives a string, an array when the param is declared an array (`a,b,c`), an
//! object when declared an object (`key:value,key2:value2`); `--param-file` gives values typed
//! by YAML itself. Whether the values fit is then judged by the linter's rules (`preflight`),
//! not here.

use serde_json::{Map, Value};
use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{ParamType, param_declarations};
use tekton_analysis::syntax;

use crate::cli::ParamArgs;
use crate::error::{Error, Result};
use crate::manifest;

/// How to write a value of type `ty` after `-p NAME=`.
pub fn example(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "VALUE",
        ParamType::Array => "a,b,c",
        ParamType::Object => "key:value,key2:value2",
    }
}

/// One param a Task or Pipeline declares, with its type as Tekton infers it.
#[derive(Clone, Debug)]
pub struct Declared {
    pub name: String,
    pub ty: ParamType,
    pub default: Option<Value>,
}

/// The params declared in a Task's or Pipeline's `spec`, read by the linter's own
/// declaration reader (the type is the explicit one, else `object` with `properties`, else the
/// default's shape, as upstream's defaulting has it).
pub fn declarations(spec: &Value) -> Vec<Declared> {
    // JSON text is YAML the analysis reads; serialising a `Value` cannot fail.
    let text = serde_json::to_string(spec).unwrap_or_default();
    let tree = syntax::parse(&text);
    let Some(root) = tree.documents().iter().find_map(|d| d.root) else {
        return Vec::new();
    };
    param_declarations(View::new(&tree, root).get("params"))
        .into_iter()
        .map(|decl| Declared {
            name: decl.name.to_owned(),
            ty: decl.ty,
            default: decl
                .decl
                .get("default")
                .and_then(|d| syntax::to_json(&tree, d.id()).ok())
                .map(|d| d.value),
        })
        .collect()
}

/// The values given with `--param-file` and then `-p` (which wins), in the order first given.
pub fn given(args: &ParamArgs, declared: &[Declared]) -> Result<Vec<(String, Value)>> {
    let mut values: Vec<(String, Value)> = Vec::new();
    let mut set = |name: String, value: Value| match values.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => values.push((name, value)),
    };
    if let Some(path) = &args.param_file {
        let source = manifest::read(path)?;
        for (name, value) in file_values(&source)? {
            set(name, value);
        }
    }
    for item in &args.params {
        let Some((name, text)) = item.split_once('=') else {
            return Err(Error::Usage(format!(
                "-p `{item}` has no `=`: write -p NAME=VALUE"
            )));
        };
        let ty = declared
            .iter()
            .find(|d| d.name == name)
            .map_or(ParamType::String, |d| d.ty);
        set(name.to_owned(), typed(text, ty)?);
    }
    Ok(values)
}

/// A command-line value as a value of type `ty`.
pub fn typed(text: &str, ty: ParamType) -> Result<Value> {
    Ok(match ty {
        ParamType::String => Value::String(text.to_owned()),
        ParamType::Array if text.is_empty() => Value::Array(Vec::new()),
        ParamType::Array => text
            .split(',')
            .map(|s| Value::String(s.to_owned()))
            .collect(),
        ParamType::Object => {
            let mut object = Map::new();
            for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
                let Some((key, value)) = pair.split_once(':') else {
                    return Err(Error::Usage(format!(
                        "object value `{text}`: `{pair}` has no `:`; write key:value,key2:value2"
                    )));
                };
                object.insert(
                    key.trim().to_owned(),
                    Value::String(value.trim().to_owned()),
                );
            }
            Value::Object(object)
        }
    })
}

/// The values of a param file: a mapping from name to value, or Tekton's own list of
/// `{name, value}`. Scalars become strings, as Tekton's params are.
fn file_values(source: &manifest::Source) -> Result<Vec<(String, Value)>> {
    let shape_error = || {
        Error::Failed(format!(
            "`{}` is not a param file: write a mapping from each param's name to its value",
            source.shown
        ))
    };
    let entries: Vec<(String, Value)> = match manifest::first_value(source)? {
        Value::Object(map) => map.into_iter().collect(),
        Value::Array(items) => items
            .into_iter()
            .map(|item| {
                let name = item.get("name")?.as_str()?.to_owned();
                Some((name, item.get("value")?.clone()))
            })
            .collect::<Option<_>>()
            .ok_or_else(shape_error)?,
        _ => return Err(shape_error()),
    };
    Ok(entries
        .into_iter()
        .map(|(name, value)| (name, stringify_scalars(value)))
        .collect())
}

fn stringify_scalars(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(stringify_scalars).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, stringify_scalars(v)))
                .collect(),
        ),
        Value::Null => Value::String(String::new()),
        Value::String(s) => Value::String(s),
        other => Value::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn command_line_values_follow_the_declared_type() {
        assert_eq!(typed("a,b", ParamType::String).ok(), Some(json!("a,b")));
        assert_eq!(
            typed("a,b,c", ParamType::Array).ok(),
            Some(json!(["a", "b", "c"]))
        );
        assert_eq!(typed("", ParamType::Array).ok(), Some(json!([])));
        assert_eq!(
            typed("url:https://x, rev:main", ParamType::Object).ok(),
            Some(json!({"url": "https://x", "rev": "main"}))
        );
        assert!(typed("nocolon", ParamType::Object).is_err());
    }

    #[test]
    fn types_come_from_type_or_the_default() {
        let spec = json!({"params": [
            {"name": "a"},
            {"name": "b", "type": "array"},
            {"name": "c", "default": {"k": "v"}},
            {"name": "d", "default": ["x"]},
            {"name": "e", "properties": {"k": {}}},
        ]});
        let types: Vec<ParamType> = declarations(&spec).iter().map(|d| d.ty).collect();
        assert_eq!(
            types,
            [
                ParamType::String,
                ParamType::Array,
                ParamType::Object,
                ParamType::Array,
                ParamType::Object
            ]
        );
    }

    #[test]
    fn later_values_win_and_order_is_kept() {
        let args = ParamArgs {
            params: vec!["b=1".into(), "a=x,y".into(), "b=2".into()],
            param_file: None,
        };
        let declared = declarations(&json!({"params": [{"name": "a", "type": "array"}]}));
        let values = given(&args, &declared).ok();
        assert_eq!(
            values,
            Some(vec![
                ("b".into(), json!("2")),
                ("a".into(), json!(["x", "y"]))
            ])
        );
    }
}
