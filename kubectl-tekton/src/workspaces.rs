//! `-w` workspace bindings in tkn's mini-syntax, as a run's `workspaces[]` entries:
//!
//! - `name=src,claimName=my-pvc[,subPath=dir]` → `persistentVolumeClaim`
//! - `name=src,emptyDir=` (or `emptyDir=Memory`) → `emptyDir`
//! - `name=src,config=my-cm[,item=key=path]...` → `configMap`
//! - `name=src,secret=my-secret[,item=key=path]...` → `secret`
//! - `name=src,volumeClaimTemplateFile=pvc.yaml` → `volumeClaimTemplate`
//!
//! `subPath` goes with any of them.

use std::path::Path;

use serde_json::{Map, Value, json};
use tekton_analysis::rules::did_you_mean;

use crate::error::{Error, Result};
use crate::manifest;

const KEYS: [&str; 8] = [
    "name",
    "subPath",
    "claimName",
    "emptyDir",
    "config",
    "secret",
    "item",
    "volumeClaimTemplateFile",
];

const VOLUMES: [&str; 5] = [
    "claimName",
    "emptyDir",
    "config",
    "secret",
    "volumeClaimTemplateFile",
];

/// One `-w` value as a workspace binding.
pub fn parse(spec: &str) -> Result<Value> {
    let usage = |problem: String| {
        Error::Usage(format!(
            "-w `{spec}`: {problem}; write e.g. -w name=source,claimName=my-pvc or -w name=cache,emptyDir="
        ))
    };
    let mut name = None;
    let mut sub_path = None;
    let mut volume: Option<(&str, &str)> = None;
    let mut items = Vec::new();
    for part in spec.split(',') {
        let Some((key, value)) = part.split_once('=') else {
            return Err(usage(format!("`{part}` has no `=`")));
        };
        match key {
            "name" => name = Some(value),
            "subPath" => sub_path = Some(value),
            "item" => {
                let Some((item_key, path)) = value.split_once('=') else {
                    return Err(usage(format!("item `{value}` is not KEY=PATH")));
                };
                items.push(json!({"key": item_key, "path": path}));
            }
            _ if VOLUMES.contains(&key) => {
                if let Some((first, _)) = volume {
                    return Err(usage(format!(
                        "it has both `{first}` and `{key}`; give one"
                    )));
                }
                volume = Some((key, value));
            }
            _ => {
                let hint = did_you_mean(key, KEYS)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                return Err(usage(format!("`{key}` is not a workspace key{hint}")));
            }
        }
    }
    let name = name
        .filter(|n| !n.is_empty())
        .ok_or_else(|| usage("it has no name=".to_owned()))?;
    let (kind, value) = volume.ok_or_else(|| {
        usage(
            "it names no volume (claimName, emptyDir, config, secret or volumeClaimTemplateFile)"
                .to_owned(),
        )
    })?;
    if !items.is_empty() && !matches!(kind, "config" | "secret") {
        return Err(usage("item= goes with config= or secret= only".to_owned()));
    }
    let mut binding = Map::new();
    binding.insert("name".into(), name.into());
    if let Some(sub_path) = sub_path {
        binding.insert("subPath".into(), sub_path.into());
    }
    let with_items = |mut object: Map<String, Value>| {
        if !items.is_empty() {
            object.insert("items".into(), Value::Array(items.clone()));
        }
        Value::Object(object)
    };
    let (field, volume) = match kind {
        "claimName" => ("persistentVolumeClaim", json!({"claimName": value})),
        "emptyDir" if value.is_empty() => ("emptyDir", json!({})),
        "emptyDir" => ("emptyDir", json!({"medium": value})),
        "config" => (
            "configMap",
            with_items(Map::from_iter([("name".to_owned(), value.into())])),
        ),
        "secret" => (
            "secret",
            with_items(Map::from_iter([("secretName".to_owned(), value.into())])),
        ),
        _ => {
            let source = manifest::read(Path::new(value))?;
            ("volumeClaimTemplate", manifest::first_value(&source)?)
        }
    };
    binding.insert(field.into(), volume);
    Ok(Value::Object(binding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(spec: &str) -> Value {
        match parse(spec) {
            Ok(value) => value,
            Err(error) => panic!("{spec}: {error}"),
        }
    }

    #[test]
    fn each_volume_kind_becomes_its_binding() {
        assert_eq!(
            ok("name=src,claimName=pvc,subPath=dir"),
            json!({"name": "src", "subPath": "dir", "persistentVolumeClaim": {"claimName": "pvc"}})
        );
        assert_eq!(ok("name=c,emptyDir="), json!({"name": "c", "emptyDir": {}}));
        assert_eq!(
            ok("name=c,emptyDir=Memory"),
            json!({"name": "c", "emptyDir": {"medium": "Memory"}})
        );
        assert_eq!(
            ok("name=c,config=cm,item=k=p"),
            json!({"name": "c", "configMap": {"name": "cm", "items": [{"key": "k", "path": "p"}]}})
        );
        assert_eq!(
            ok("name=s,secret=sec"),
            json!({"name": "s", "secret": {"secretName": "sec"}})
        );
    }

    #[test]
    fn mistakes_are_usage_errors_with_the_fix() {
        let message = |spec: &str| parse(spec).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message("name=s,claimname=pvc").contains("did you mean `claimName`?"));
        assert!(message("claimName=pvc").contains("no name="));
        assert!(message("name=s").contains("names no volume"));
        assert!(message("name=s,emptyDir=,claimName=x").contains("both"));
        assert!(message("name=s,claimName=x,item=a=b").contains("config= or secret= only"));
    }
}
