// The extension's settings as the server reads them: `initializationOptions` in the shape of
// `.tekton-lsp.toml` (kebab-case sections and keys), used where no such file applies.

/** Setting (under `tektonLsp.`) → [section, key] in `.tekton-lsp.toml`. */
export const SETTING_KEYS: ReadonlyArray<readonly [string, string, string]> = [
  ['featureFlags.enableApiFields', 'feature-flags', 'enable-api-fields'],
  ['featureFlags.enableParamEnum', 'feature-flags', 'enable-param-enum'],
  ['featureFlags.enableCelInWhenExpression', 'feature-flags', 'enable-cel-in-whenexpression'],
  ['featureFlags.enableArtifacts', 'feature-flags', 'enable-artifacts'],
  ['featureFlags.enableConciseResolverSyntax', 'feature-flags', 'enable-concise-resolver-syntax'],
  ['featureFlags.disableInlineSpec', 'feature-flags', 'disable-inline-spec'],
  ['configDefaults.defaultMaxMatrixCombinationsCount', 'config-defaults', 'default-max-matrix-combinations-count'],
  ['configDefaults.defaultTimeoutMinutes', 'config-defaults', 'default-timeout-minutes'],
  ['configDefaults.defaultForbiddenEnv', 'config-defaults', 'default-forbidden-env'],
  ['configDefaults.defaultResolverType', 'config-defaults', 'default-resolver-type'],
  ['shellcheck.enabled', 'shellcheck', 'enabled'],
  ['shellcheck.path', 'shellcheck', 'path'],
  ['shellcheck.severity', 'shellcheck', 'severity'],
  ['shellcheck.exclude', 'shellcheck', 'exclude'],
];

export type ServerSettings = Record<string, Record<string, unknown>>;

/**
 * Reads each setting through `read` (a key under `tektonLsp.`); unset ones (`undefined` or
 * `null`) are left out so the server keeps upstream's default. Values are passed as they are:
 * the server validates them and says what is wrong.
 */
export function serverSettings(read: (key: string) => unknown): ServerSettings {
  const settings: ServerSettings = {};
  for (const [setting, section, key] of SETTING_KEYS) {
    const value = read(setting);
    if (value === undefined || value === null) {
      continue;
    }
    settings[section] ??= {};
    settings[section][key] = value;
  }
  const rules = read('rules');
  if (rules !== null && typeof rules === 'object' && Object.keys(rules).length > 0) {
    settings.rules = { ...(rules as Record<string, unknown>) };
  }
  return settings;
}
