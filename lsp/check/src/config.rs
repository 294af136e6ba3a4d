//! `.tekton-lsp.toml`: per-folder settings, found upward from each checked file.
//!
//! The nearest file wins and is used whole (no merging with files further up), as ruff does:
//! what applies to a file can be read from one place. Files are cached per folder, so a run
//! over a thousand files reads each configuration file once. An editor's settings (the language
//! server's `initializationOptions`, in the same shape) apply where no file does.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;
use tekton_analysis::config::{AnalysisConfig, ApiFields, ConfigDefaults, FeatureFlags, RuleLevel};
use tekton_analysis::scripts::Level;

use crate::error::Failure;

pub const FILE_NAME: &str = ".tekton-lsp.toml";

/// The contents of one `.tekton-lsp.toml`, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    /// Paths to skip, in .gitignore syntax, relative to the folder of the configuration file.
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    feature_flags: FeatureFlagsFile,
    #[serde(default)]
    config_defaults: ConfigDefaultsFile,
    /// Rule id → level.
    #[serde(default)]
    rules: BTreeMap<String, RuleLevelFile>,
    #[serde(default)]
    shellcheck: ShellCheckFile,
}

/// The `[shellcheck]` table: how step scripts go through ShellCheck.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ShellCheckFile {
    enabled: Option<bool>,
    /// The binary: a name looked up on `PATH`, or a path (relative to the configuration file).
    path: Option<PathBuf>,
    /// The least severe ShellCheck level reported.
    severity: Option<ShellCheckLevelFile>,
    /// Codes never reported: `SC2086` or `2086`.
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ShellCheckLevelFile {
    Error,
    Warning,
    Info,
    Style,
}

/// Upstream's `feature-flags` ConfigMap keys; a key left out keeps upstream's default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FeatureFlagsFile {
    enable_api_fields: Option<ApiFieldsFile>,
    enable_param_enum: Option<bool>,
    enable_cel_in_whenexpression: Option<bool>,
    enable_artifacts: Option<bool>,
    enable_concise_resolver_syntax: Option<bool>,
    /// Comma-separated, as upstream: `pipeline`, `pipelinerun`, `taskrun`.
    disable_inline_spec: Option<String>,
}

/// Upstream's `config-defaults` ConfigMap keys that change validation.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigDefaultsFile {
    default_max_matrix_combinations_count: Option<u32>,
    default_timeout_minutes: Option<u32>,
    default_forbidden_env: Option<Vec<String>>,
    default_resolver_type: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ApiFieldsFile {
    Alpha,
    Beta,
    Stable,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RuleLevelFile {
    Error,
    Warning,
    Info,
    Off,
}

/// What applies to one file: the analysis settings, ShellCheck's, and the paths to skip.
#[derive(Debug, Default)]
pub struct Settings {
    pub analysis: AnalysisConfig,
    pub shellcheck: ShellCheckSettings,
    /// `None` when no configuration file applies, or it ignores nothing.
    ignore: Option<Gitignore>,
}

/// How step scripts go through ShellCheck (`[shellcheck]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCheckSettings {
    pub enabled: bool,
    /// The binary to run: a bare name is looked up on `PATH`.
    pub path: PathBuf,
    /// The least severe level reported.
    pub severity: Level,
    /// Codes never reported (the number of `SC2086`).
    pub exclude: Vec<u32>,
}

impl Default for ShellCheckSettings {
    fn default() -> Self {
        ShellCheckSettings {
            enabled: true,
            path: PathBuf::from("shellcheck"),
            severity: Level::Style,
            exclude: Vec::new(),
        }
    }
}

impl Settings {
    /// Whether the configuration's `ignore` list excludes `path` (absolute).
    pub fn ignores(&self, path: &Path) -> bool {
        self.ignore.as_ref().is_some_and(|gitignore| {
            path.starts_with(gitignore.path())
                && gitignore
                    .matched_path_or_any_parents(path, false)
                    .is_ignore()
        })
    }
}

/// Finds and caches the settings that apply to each folder.
#[derive(Default)]
pub struct ConfigCache {
    state: Mutex<CacheState>,
    /// Settings for folders with no configuration file above them.
    defaults: Arc<Settings>,
}

#[derive(Default)]
struct CacheState {
    /// Folder (absolute) → the settings for files directly in it, or `None` when the
    /// configuration file that applies is broken (its files are then skipped).
    by_dir: HashMap<PathBuf, Option<Arc<Settings>>>,
    /// Each broken configuration file, reported once however many files it covers.
    failures: Vec<Failure>,
}

impl ConfigCache {
    /// A cache whose files with no configuration file above them get `defaults`.
    pub fn with_defaults(defaults: Arc<Settings>) -> Self {
        ConfigCache {
            state: Mutex::default(),
            defaults,
        }
    }

    /// The settings for the file at `path` (absolute), or `None` if its configuration file is
    /// broken (see [`ConfigCache::take_failures`]).
    pub fn for_file(&self, path: &Path) -> Option<Arc<Settings>> {
        match path.parent() {
            Some(dir) => self.for_dir(dir),
            None => Some(Arc::clone(&self.defaults)),
        }
    }

    /// The problems found in configuration files so far.
    pub fn take_failures(&self) -> Vec<Failure> {
        std::mem::take(&mut self.lock().failures)
    }

    fn for_dir(&self, dir: &Path) -> Option<Arc<Settings>> {
        if let Some(found) = self.lock().by_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(FILE_NAME);
        let settings = if candidate.is_file() {
            match load(&candidate) {
                Ok(settings) => Some(Arc::new(settings)),
                Err(failure) => {
                    self.lock().failures.push(failure);
                    None
                }
            }
        } else {
            match dir.parent() {
                Some(parent) => self.for_dir(parent),
                None => Some(Arc::clone(&self.defaults)),
            }
        };
        self.lock()
            .by_dir
            .insert(dir.to_path_buf(), settings.clone());
        settings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        // A poisoned lock only means another thread panicked mid-insert; the map is still sound.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn load(path: &Path) -> Result<Settings, Failure> {
    let text = std::fs::read_to_string(path).map_err(|err| Failure::io(path, &err))?;
    let file: ConfigFile =
        toml::from_str(&text).map_err(|err| Failure::config(path, &text, &err))?;
    let dir = path.parent().unwrap_or(Path::new("/"));
    let analysis = analysis_config(&file).map_err(|rule| Failure::unknown_rule(path, &rule))?;

    let ignore = if file.ignore.is_empty() {
        None
    } else {
        let mut builder = GitignoreBuilder::new(dir);
        for pattern in &file.ignore {
            builder
                .add_line(Some(path.to_path_buf()), pattern)
                .map_err(|err| Failure::bad_ignore(path, &err))?;
        }
        Some(
            builder
                .build()
                .map_err(|err| Failure::bad_ignore(path, &err))?,
        )
    };
    Ok(Settings {
        analysis,
        shellcheck: shellcheck(&file.shellcheck, dir)
            .map_err(|code| Failure::bad_shellcheck_code(path, &code))?,
        ignore,
    })
}

/// The `[shellcheck]` settings, a path with a folder in it taken relative to `dir`; fails with
/// the first excluded code that is not a ShellCheck code.
fn shellcheck(file: &ShellCheckFile, dir: &Path) -> Result<ShellCheckSettings, String> {
    let upstream = ShellCheckSettings::default();
    let exclude = file
        .exclude
        .iter()
        .map(|code| {
            let digits = code.strip_prefix("SC").unwrap_or(code);
            digits.parse().map_err(|_| code.clone())
        })
        .collect::<Result<_, _>>()?;
    Ok(ShellCheckSettings {
        enabled: file.enabled.unwrap_or(upstream.enabled),
        // A bare name is for `PATH`; anything with a folder in it is relative to `dir`.
        path: match &file.path {
            Some(binary) if binary.components().count() > 1 => dir.join(binary),
            Some(binary) => binary.clone(),
            None => upstream.path,
        },
        severity: match file.severity {
            Some(ShellCheckLevelFile::Error) => Level::Error,
            Some(ShellCheckLevelFile::Warning) => Level::Warning,
            Some(ShellCheckLevelFile::Info) => Level::Info,
            Some(ShellCheckLevelFile::Style) => Level::Style,
            None => upstream.severity,
        },
        exclude,
    })
}

/// Settings from an editor: the keys of `.tekton-lsp.toml` as JSON, without `ignore` (paths to
/// skip belong with the files, in a `.tekton-lsp.toml`).
pub fn editor_settings(value: serde_json::Value) -> Result<Settings, Failure> {
    let file: ConfigFile =
        serde_json::from_value(value).map_err(|err| Failure::editor_settings(&err.to_string()))?;
    if !file.ignore.is_empty() {
        return Err(Failure::editor_settings(
            "`ignore` is not an editor setting (put it in a .tekton-lsp.toml)",
        ));
    }
    let analysis = analysis_config(&file)
        .map_err(|rule| Failure::editor_settings(&format!("`{rule}` is not a rule id")))?;
    // No file to be relative to: a name on PATH, or an absolute path.
    if let Some(binary) = &file.shellcheck.path
        && binary.components().count() > 1
        && !binary.is_absolute()
    {
        return Err(Failure::editor_settings(&format!(
            "the ShellCheck path `{}` is relative; give a name on PATH or an absolute path",
            binary.display()
        )));
    }
    let shellcheck = shellcheck(&file.shellcheck, Path::new("/")).map_err(|code| {
        Failure::editor_settings(&format!(
            "`{code}` is not a ShellCheck code; write codes as `SC2086` (or `2086`)"
        ))
    })?;
    Ok(Settings {
        analysis,
        ignore: None,
        shellcheck,
    })
}

/// The analysis settings a configuration names; fails with the first rule id no rule has.
fn analysis_config(file: &ConfigFile) -> Result<AnalysisConfig, String> {
    let mut analysis = AnalysisConfig {
        feature_flags: feature_flags(&file.feature_flags),
        config_defaults: config_defaults(&file.config_defaults),
        ..AnalysisConfig::default()
    };
    for (rule, level) in &file.rules {
        let level = match level {
            RuleLevelFile::Error => RuleLevel::Error,
            RuleLevelFile::Warning => RuleLevel::Warning,
            RuleLevelFile::Info => RuleLevel::Info,
            RuleLevelFile::Off => RuleLevel::Off,
        };
        analysis
            .set_rule_level(rule, level)
            .map_err(|_| rule.clone())?;
    }
    Ok(analysis)
}

fn feature_flags(file: &FeatureFlagsFile) -> FeatureFlags {
    let upstream = FeatureFlags::default();
    FeatureFlags {
        enable_api_fields: match file.enable_api_fields {
            Some(ApiFieldsFile::Alpha) => ApiFields::Alpha,
            Some(ApiFieldsFile::Beta) => ApiFields::Beta,
            Some(ApiFieldsFile::Stable) => ApiFields::Stable,
            None => upstream.enable_api_fields,
        },
        enable_param_enum: file.enable_param_enum.unwrap_or(upstream.enable_param_enum),
        enable_cel_in_whenexpression: file
            .enable_cel_in_whenexpression
            .unwrap_or(upstream.enable_cel_in_whenexpression),
        enable_artifacts: file.enable_artifacts.unwrap_or(upstream.enable_artifacts),
        enable_concise_resolver_syntax: file
            .enable_concise_resolver_syntax
            .unwrap_or(upstream.enable_concise_resolver_syntax),
        disable_inline_spec: file
            .disable_inline_spec
            .clone()
            .unwrap_or(upstream.disable_inline_spec),
    }
}

fn config_defaults(file: &ConfigDefaultsFile) -> ConfigDefaults {
    let upstream = ConfigDefaults::default();
    ConfigDefaults {
        default_max_matrix_combinations_count: file
            .default_max_matrix_combinations_count
            .unwrap_or(upstream.default_max_matrix_combinations_count),
        default_timeout_minutes: file
            .default_timeout_minutes
            .unwrap_or(upstream.default_timeout_minutes),
        default_forbidden_env: file
            .default_forbidden_env
            .clone()
            .unwrap_or(upstream.default_forbidden_env),
        default_resolver_type: file
            .default_resolver_type
            .clone()
            .unwrap_or(upstream.default_resolver_type),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Settings, Failure> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).expect("write configuration");
        load(&path)
    }

    #[test]
    fn empty_file_means_upstream_defaults() {
        let settings = load_text("").expect("valid");
        assert_eq!(settings.analysis.feature_flags, FeatureFlags::default());
        assert_eq!(settings.analysis.config_defaults, ConfigDefaults::default());
        assert!(settings.analysis.rule_levels.is_empty());
        assert_eq!(settings.shellcheck, ShellCheckSettings::default());
    }

    #[test]
    fn every_key_reaches_the_analysis_config() {
        let settings = load_text(
            r#"
            [feature-flags]
            enable-api-fields = "alpha"
            enable-param-enum = true
            enable-cel-in-whenexpression = true
            enable-artifacts = true
            enable-concise-resolver-syntax = true
            disable-inline-spec = "pipeline,taskrun"

            [config-defaults]
            default-max-matrix-combinations-count = 10
            default-timeout-minutes = 5
            default-forbidden-env = ["SECRET"]
            default-resolver-type = "git"

            [rules]
            unknown-field = "warning"
            yaml-syntax = "info"
            ref-unresolvable = "off"
            field-type-mismatch = "error"

            [shellcheck]
            enabled = false
            path = "tools/shellcheck"
            severity = "warning"
            exclude = ["SC2086", "2154"]
            "#,
        )
        .expect("valid");
        let flags = &settings.analysis.feature_flags;
        assert_eq!(flags.enable_api_fields, ApiFields::Alpha);
        assert!(flags.enable_param_enum);
        assert!(flags.enable_cel_in_whenexpression);
        assert!(flags.enable_artifacts);
        assert!(flags.enable_concise_resolver_syntax);
        assert!(flags.inline_spec_disabled("taskrun"));
        let defaults = &settings.analysis.config_defaults;
        assert_eq!(defaults.default_max_matrix_combinations_count, 10);
        assert_eq!(defaults.default_timeout_minutes, 5);
        assert_eq!(defaults.default_forbidden_env, ["SECRET"]);
        assert_eq!(defaults.default_resolver_type, "git");
        use tekton_analysis::Severity;
        let severity = |rule| settings.analysis.severity(rule);
        assert_eq!(severity("unknown-field"), Some(Severity::Warning));
        assert_eq!(severity("yaml-syntax"), Some(Severity::Info));
        assert_eq!(severity("ref-unresolvable"), None);
        assert_eq!(severity("field-type-mismatch"), Some(Severity::Error));
        let shellcheck = &settings.shellcheck;
        assert!(!shellcheck.enabled);
        assert!(shellcheck.path.ends_with("tools/shellcheck") && shellcheck.path.is_absolute());
        assert_eq!(shellcheck.severity, Level::Warning);
        assert_eq!(shellcheck.exclude, [2086, 2154]);
    }

    #[test]
    fn editor_settings_read_the_same_keys_as_the_file() {
        let settings = editor_settings(serde_json::json!({
            "feature-flags": {"enable-api-fields": "alpha", "enable-param-enum": true},
            "config-defaults": {"default-timeout-minutes": 5},
            "rules": {"unknown-field": "off"}
        }))
        .expect("valid");
        let flags = &settings.analysis.feature_flags;
        assert_eq!(flags.enable_api_fields, ApiFields::Alpha);
        assert!(flags.enable_param_enum);
        assert_eq!(settings.analysis.config_defaults.default_timeout_minutes, 5);
        assert_eq!(settings.analysis.severity("unknown-field"), None);
        assert!(!settings.ignores(Path::new("/any/file.yaml")));
    }

    #[test]
    fn editor_settings_set_shellcheck_as_the_file_does() {
        let settings = editor_settings(serde_json::json!({
            "shellcheck": {
                "enabled": false,
                "path": "/opt/shellcheck/bin/shellcheck",
                "severity": "warning",
                "exclude": ["SC2086", "1091"]
            }
        }))
        .expect("valid");
        let shellcheck = &settings.shellcheck;
        assert!(!shellcheck.enabled);
        assert_eq!(shellcheck.path, Path::new("/opt/shellcheck/bin/shellcheck"));
        assert_eq!(shellcheck.severity, Level::Warning);
        assert_eq!(shellcheck.exclude, vec![2086, 1091]);
        let by_name = editor_settings(serde_json::json!({"shellcheck": {"path": "shellcheck"}}))
            .expect("valid");
        assert_eq!(by_name.shellcheck.path, Path::new("shellcheck"));
    }

    #[test]
    fn bad_editor_settings_are_rejected_with_the_reason() {
        for (value, reason) in [
            (
                serde_json::json!({"rules": {"no-such-rule": "off"}}),
                "no-such-rule",
            ),
            (
                serde_json::json!({"rules": {"unknown-field": "fatal"}}),
                "fatal",
            ),
            (
                serde_json::json!({"feature-flags": {"enable-api-fields": 3}}),
                "invalid type",
            ),
            (serde_json::json!({"ignore": ["vendor/"]}), "ignore"),
            (
                serde_json::json!({"shellcheck": {"exclude": ["SCxyz"]}}),
                "SCxyz",
            ),
            (
                serde_json::json!({"shellcheck": {"path": "tools/shellcheck"}}),
                "tools/shellcheck",
            ),
        ] {
            let failure = editor_settings(value)
                .err()
                .map(|failure| failure.to_string());
            assert!(
                failure
                    .as_deref()
                    .is_some_and(|message| message.contains(reason)),
                "{failure:?} should name {reason}"
            );
        }
    }

    #[test]
    fn bad_values_are_rejected() {
        for text in [
            "[feature-flags]\nenable-api-fields = \"gamma\"\n",
            "[feature-flags]\nenable-param-enum = \"yes\"\n",
            "[rules]\nunknown-field = \"fatal\"\n",
            "[rules]\nno-such-rule = \"off\"\n",
            "ignores = []\n",
            "[shellcheck]\nexclude = [\"SC20x\"]\n",
            "[shellcheck]\nseverity = \"fatal\"\n",
        ] {
            assert!(load_text(text).is_err(), "{text}");
        }
    }
}
