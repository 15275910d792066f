import { basename, dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { tempOwner, tempPathFor } from '../../../src/runtime/files/temp-name.js';

test('a temporary file is hidden beside its target and carries the PID and a random part', () => {
  const target = join('/some/folder', 'model.v2.safetensors');
  const temp = tempPathFor(target);
  expect(dirname(temp)).toBe('/some/folder');
  expect(basename(temp)).toMatch(new RegExp(`^\\.model\\.v2\\.safetensors\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
  const many = new Set(Array.from({ length: 200 }, () => tempPathFor(target)));
  expect(many.size).toBe(200);
});

test('tempOwner reads the PID back from names made for the same target, and only from those', () => {
  const target = '/f/out.safetensors';
  expect(tempOwner(basename(tempPathFor(target)), target)).toBe(process.pid);
  expect(tempOwner('.out.safetensors.4242.0a1b2c3d4e5f.tmp', target)).toBe(4242);
  expect(tempOwner('.out.safetensors.4242.tmp', target)).toBe(4242); // the name earlier versions used
  expect(tempOwner('.other.safetensors.4242.0a1b2c3d4e5f.tmp', target)).toBeUndefined();
  expect(tempOwner('.out.safetensors.4242.0a1b2c3d4e5f.tmp.keep', target)).toBeUndefined();
  expect(tempOwner('.out.safetensors.x4242.tmp', target)).toBeUndefined();
  expect(tempOwner('out.safetensors', target)).toBeUndefined();
  expect(tempOwner('.out.safetensors.0.tmp', target)).toBeUndefined();
  // A target whose name looks like a temporary file's prefix does not claim its neighbour's files.
  expect(tempOwner('.out.safetensors.4242.0a1b2c3d4e5f.tmp', '/f/out')).toBeUndefined();
});
