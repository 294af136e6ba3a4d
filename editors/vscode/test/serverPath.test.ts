import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { resolveServer } from '../src/serverPath';
import type { Resolution, ResolveInput } from '../src/serverPath';

/** An input whose file system holds exactly `executables`. */
function input(overrides: Partial<ResolveInput>, executables: string[]): ResolveInput {
  return {
    configured: '',
    extensionPath: '/ext',
    pathVariable: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    isExecutable: (file) => executables.includes(file),
    ...overrides,
  };
}

function failureMessage(resolution: Resolution): string {
  if (resolution.found) {
    assert.fail(`expected no server, got ${resolution.location.command}`);
  }
  return resolution.message;
}

describe('resolveServer', () => {
  const everywhere = ['/opt/tekton-lsp', '/ext/bin/tekton-lsp', '/usr/bin/tekton-lsp'];

  it('takes the setting first', () => {
    const resolution = resolveServer(input({ configured: '/opt/tekton-lsp' }, everywhere));
    assert.deepEqual(resolution, { found: true, location: { command: '/opt/tekton-lsp', source: 'setting' } });
  });

  it('then the bundled binary', () => {
    const resolution = resolveServer(input({}, everywhere));
    assert.deepEqual(resolution, { found: true, location: { command: '/ext/bin/tekton-lsp', source: 'bundled' } });
  });

  it('then the first PATH folder that has it', () => {
    const resolution = resolveServer(input({}, ['/usr/bin/tekton-lsp', '/usr/local/bin/tekton-lsp']));
    assert.deepEqual(resolution, {
      found: true,
      location: { command: '/usr/local/bin/tekton-lsp', source: 'PATH' },
    });
  });

  it('looks for tekton-lsp.exe with ; separated PATH on Windows', () => {
    const resolution = resolveServer(
      input({ platform: 'win32', pathVariable: '/a;/b' }, ['/b/tekton-lsp.exe']),
    );
    assert.deepEqual(resolution, { found: true, location: { command: '/b/tekton-lsp.exe', source: 'PATH' } });
  });

  it('reports a setting that points nowhere instead of running another binary', () => {
    const resolution = resolveServer(input({ configured: '/nowhere/tekton-lsp' }, everywhere));
    assert.match(failureMessage(resolution), /tektonLsp\.server\.path is "\/nowhere\/tekton-lsp"/);
  });

  it('says how to install it when it is nowhere', () => {
    const resolution = resolveServer(input({ pathVariable: undefined }, []));
    assert.match(failureMessage(resolution), /not found; install it .* or set tektonLsp\.server\.path/);
  });
});
