import { describe, expect, test } from 'vitest';
import { createRegistry } from '../../src/registry/registry.js';
import { createLanguageService } from '../../src/service/service.js';
import type { ModelHeader, ModelHeaderError } from '../../src/typecheck/host.js';

describe('hostChanged', () => {
  test('documents are checked again with what the host now answers', () => {
    let found = false;
    const service = createLanguageService({
      registry: createRegistry(),
      host: {
        readModelHeader: (path): ModelHeader | ModelHeaderError =>
          found ? { file: `${path}.safetensors`, tensors: new Map() } : { error: 'not-found', message: `no ${path}` },
      },
    });
    const text = 'version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet out = weighted_sum(a, b)\n';
    service.setDocument('file:///r.mecha', text, 1);
    expect(service.diagnostics('file:///r.mecha').map((d) => d.code)).toContain(5001);
    found = true;
    // Same text and version: the answer is remembered...
    service.setDocument('file:///r.mecha', text, 1);
    expect(service.diagnostics('file:///r.mecha').map((d) => d.code)).toContain(5001);
    // ...until the host says its answers changed.
    service.hostChanged();
    expect(service.diagnostics('file:///r.mecha').map((d) => d.code)).not.toContain(5001);
    expect(service.getText('file:///r.mecha')).toBe(text);
  });
});
