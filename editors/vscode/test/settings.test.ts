import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { serverSettings } from '../src/settings';

describe('serverSettings', () => {
  it('maps each setting to its .tekton-lsp.toml section and key', () => {
    const values: Record<string, unknown> = {
      'featureFlags.enableApiFields': 'alpha',
      'featureFlags.enableParamEnum': true,
      'featureFlags.enableCelInWhenExpression': false,
      'featureFlags.disableInlineSpec': 'pipeline,taskrun',
      'configDefaults.defaultTimeoutMinutes': 5,
      'configDefaults.defaultForbiddenEnv': ['SECRET'],
      'shellcheck.severity': 'warning',
      'shellcheck.exclude': ['SC2086'],
      rules: { 'unknown-field': 'warning', 'ref-unresolvable': 'off' },
    };
    assert.deepEqual(serverSettings((key) => values[key]), {
      'feature-flags': {
        'enable-api-fields': 'alpha',
        'enable-param-enum': true,
        'enable-cel-in-whenexpression': false,
        'disable-inline-spec': 'pipeline,taskrun',
      },
      'config-defaults': { 'default-timeout-minutes': 5, 'default-forbidden-env': ['SECRET'] },
      shellcheck: { severity: 'warning', exclude: ['SC2086'] },
      rules: { 'unknown-field': 'warning', 'ref-unresolvable': 'off' },
    });
  });

  it('leaves unset settings out, so the server keeps upstream defaults', () => {
    const values: Record<string, unknown> = { 'featureFlags.enableArtifacts': null, rules: {} };
    assert.deepEqual(serverSettings((key) => values[key]), {});
  });
});
