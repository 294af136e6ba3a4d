//! Shared by the rule tests: upstream's `feature-flags` / `config-defaults` settings by name.

use tekton_analysis::AnalysisConfig;
use tekton_analysis::config::ApiFields;

/// Sets one setting, named as in upstream's ConfigMaps (`enable-api-fields=stable`).
///
/// # Panics
/// On a setting the tests do not map, so a new profile key cannot be ignored silently.
pub fn apply(config: &mut AnalysisConfig, key: &str, value: &str) {
    let flags = &mut config.feature_flags;
    match key {
        "enable-api-fields" => {
            flags.enable_api_fields = match value {
                "alpha" => ApiFields::Alpha,
                "stable" => ApiFields::Stable,
                _ => ApiFields::Beta,
            }
        }
        "enable-param-enum" => flags.enable_param_enum = value == "true",
        "enable-cel-in-whenexpression" => flags.enable_cel_in_whenexpression = value == "true",
        "disable-inline-spec" => flags.disable_inline_spec = value.to_owned(),
        "default-forbidden-env" => {
            config.config_defaults.default_forbidden_env =
                value.split(',').map(str::to_owned).collect();
        }
        other => panic!("setting {other} is not mapped"),
    }
}
