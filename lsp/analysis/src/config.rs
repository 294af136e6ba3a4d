//! What an analysis run is told: upstream's feature flags and config defaults (the settings
//! that change what Tekton accepts; tekton-rules.md §0) and per-rule levels.
//!
//! The CLI fills this from `.tekton-lsp.toml`, the language server from its settings. Defaults
//! are upstream's defaults.

use std::collections::HashMap;
use std::sync::Arc;

use crate::Severity;
use crate::schema_check::SchemaSet;

/// `enable-api-fields`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiFields {
    Alpha,
    #[default]
    Beta,
    Stable,
}

/// The `feature-flags` ConfigMap keys that change validation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeatureFlags {
    pub enable_api_fields: ApiFields,
    pub enable_param_enum: bool,
    pub enable_cel_in_whenexpression: bool,
    pub enable_artifacts: bool,
    pub enable_concise_resolver_syntax: bool,
    /// Comma-separated, as upstream: `pipeline`, `pipelinerun`, `taskrun`.
    pub disable_inline_spec: String,
}

impl FeatureFlags {
    /// Whether `disable-inline-spec` lists `kind` (`pipeline`, `pipelinerun` or `taskrun`).
    pub fn inline_spec_disabled(&self, kind: &str) -> bool {
        self.disable_inline_spec
            .split(',')
            .any(|listed| listed.trim() == kind)
    }
}

/// The `config-defaults` ConfigMap keys that change validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigDefaults {
    pub default_max_matrix_combinations_count: u32,
    pub default_timeout_minutes: u32,
    pub default_forbidden_env: Vec<String>,
    pub default_resolver_type: String,
}

impl Default for ConfigDefaults {
    fn default() -> Self {
        ConfigDefaults {
            default_max_matrix_combinations_count: 256,
            default_timeout_minutes: 60,
            default_forbidden_env: Vec::new(),
            default_resolver_type: String::new(),
        }
    }
}

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Off,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule id `{0}`")]
pub struct UnknownRule(pub String);

#[derive(Clone, Debug, Default)]
pub struct AnalysisConfig {
    pub feature_flags: FeatureFlags,
    pub config_defaults: ConfigDefaults,
    /// Rules whose level differs from their default; fill it with
    /// [`AnalysisConfig::set_rule_level`], which rejects unknown ids.
    pub rule_levels: HashMap<&'static str, RuleLevel>,
    /// The schemas documents are validated against; `None` means the generated Tekton schemas.
    pub schemas: Option<Arc<SchemaSet>>,
}

impl AnalysisConfig {
    /// Sets a rule's level; fails for an id no rule has, so typos in configuration surface.
    pub fn set_rule_level(&mut self, rule: &str, level: RuleLevel) -> Result<(), UnknownRule> {
        let rule = crate::rules::lookup(rule).ok_or_else(|| UnknownRule(rule.to_owned()))?;
        self.rule_levels.insert(rule, level);
        Ok(())
    }

    /// The severity a rule's diagnostics get, or `None` when the rule is off.
    pub fn severity(&self, rule: &str) -> Option<Severity> {
        match self.rule_levels.get(rule) {
            None => Some(crate::rules::default_severity(rule)),
            Some(RuleLevel::Error) => Some(Severity::Error),
            Some(RuleLevel::Warning) => Some(Severity::Warning),
            Some(RuleLevel::Info) => Some(Severity::Info),
            Some(RuleLevel::Off) => None,
        }
    }

    /// Whether a rule runs at all; checks skip work for rules that are off.
    pub fn is_enabled(&self, rule: &str) -> bool {
        self.severity(rule).is_some()
    }

    /// The schemas in use: the configured set, else the generated Tekton schemas.
    pub fn schema_set(&self) -> &SchemaSet {
        match &self.schemas {
            Some(schemas) => schemas,
            None => SchemaSet::tekton(),
        }
    }
}
