import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isTektonText } from '../src/tektonDocument';

describe('isTektonText', () => {
  it('claims documents with a tekton.dev apiVersion', () => {
    assert.equal(isTektonText('apiVersion: tekton.dev/v1\nkind: Task\n'), true);
    assert.equal(isTektonText('apiVersion: "tekton.dev/v1beta1"\nkind: Pipeline\n'), true);
  });

  it('claims a file whose later document is Tekton', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: tekton.dev/v1\nkind: Task\n';
    assert.equal(isTektonText(text), true);
  });

  it('leaves other YAML alone', () => {
    assert.equal(isTektonText('apiVersion: apps/v1\nkind: Deployment\n'), false);
    assert.equal(isTektonText('name: ci\non: push\n'), false);
    // Nested or mentioned in a value: not a Tekton document's own apiVersion.
    assert.equal(isTektonText('items:\n  - apiVersion: tekton.dev/v1\n'), false);
    assert.equal(isTektonText('description: see apiVersion: tekton.dev/v1\n'), false);
  });
});
