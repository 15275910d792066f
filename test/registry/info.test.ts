import { describe, expect, test, vi } from 'vitest';
import { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerInfo, runInfo, type InfoOptions } from '../../src/cli/commands/info.js';
import { createRegistry } from '../../src/registry/registry.js';
import { BUILTIN_METHODS } from '../../src/registry/methods/index.js';

const registry = createRegistry();
const dir = fileURLToPath(new URL('../fixtures/registry/', import.meta.url));

function info(arch: string | undefined, options: InfoOptions = {}): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runInfo(registry, arch, options, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Compares with `<name>.expected.txt`; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, actual: string): void {
  const file = `${dir}${name}.expected.txt`;
  if (process.env['UPDATE_GOLDEN'] || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('mechac info', () => {
  test('without an argument: the architectures with aliases, components and key counts', () => {
    const { code, out, err } = info(undefined);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^sd1 +sd1-ldm +txt 196, unet 686 +1831 \(949 pass through\)$/m);
    expect(out).toMatch(/^sdxl +sdxl-sgm +txt 196, txt2 390, unet 1680 +2531/m);
    expect(out).toMatch(/^flux +flux_dev-flux, flux-flux +txt 196, t5xxl 219, transformer 780/m);
    golden('info-list', out);
  });

  test('sdxl: components with blocks and classes in natural order', () => {
    const { code, out } = info('sdxl');
    expect(code).toBe(0);
    expect(out).toContain(
      '  blocks (19): in0 in1 in2 in3 in4 in5 in6 in7 in8 mid out0 out1 out2 out3 out4 out5 out6 out7 out8\n',
    );
    expect(out).not.toMatch(/\bout9\b/);
    expect(out.indexOf('sdxl.txt:')).toBeLessThan(out.indexOf('sdxl.txt2:'));
    expect(out.indexOf('sdxl.txt2:')).toBeLessThan(out.indexOf('sdxl.unet:'));
    golden('info-sdxl', out);
  });

  test('an alias names the same architecture', () => {
    expect(info('sdxl-sgm').out).toBe(info('sdxl').out);
  });

  test('-v lists the keys of each block and class', () => {
    const { out } = info('sd1', { verbose: true });
    const unet = out.indexOf('sd1.unet:');
    const inFour = out.slice(out.indexOf('  block in4 (', unet), out.indexOf('  block in5 (', unet));
    expect(inFour).toContain('    model.diffusion_model.input_blocks.4.1.proj_in.weight\n');
    expect(inFour).toContain('    model.diffusion_model.time_embed.0.weight\n');
    expect(out).toMatch(
      / {2}class attn1_to_q \(16 keys\):\n {4}model\.diffusion_model\.input_blocks\.1\.1\.transformer_blocks\.0\.attn1\.to_q\.weight\n/,
    );
    expect(out).toContain(
      'pass through (949 keys):\n  cond_stage_model.transformer.text_model.embeddings.position_ids\n',
    );
    expect(out).toContain('\n  alphas_cumprod\n');
  });

  test('--methods: every signature with its doc', () => {
    const { code, out } = info(undefined, { methods: true });
    expect(code).toBe(0);
    for (const m of BUILTIN_METHODS) expect(out, m.name).toMatch(new RegExp(`^${m.name}\\(`, 'm'));
    expect(out).toContain('weighted_sum(a: A s, b: A s, alpha: hyper = 0.5) -> A s\n    Linear interpolation');
    expect(out).toContain('    also: model_stock_for_tensor\n');
    expect(out).toMatch(/^mbw\(architecture: A, values: string\) -> hyper<A>$/m);
  });

  test('a 1.x config that is not an architecture is described too', () => {
    const { code, out } = info('singleton-mecha');
    expect(code).toBe(0);
    expect(out).toContain('keys: 1 key(s)');
  });

  test('an unknown architecture: error, suggestion, exit 2', () => {
    const { code, out, err } = info('sdx');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      "mechac info: 'sdx' is neither an architecture nor a merge method; did you mean 'sdxl'?\nknown architectures: sd1, sdxl, sd3, flux\n",
    );
    expect(info('stable-cascade').err).not.toContain('did you mean');
  });
});

test('the command registers on a program and reports its exit code', async () => {
  const program = new Command('mechac').exitOverride();
  let exitCode = -1;
  registerInfo(program, (code) => (exitCode = code));
  const written: string[] = [];
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'mechac', 'info', 'sdx']);
  } finally {
    stderr.mockRestore();
  }
  expect(exitCode).toBe(2);
  expect(written.join('')).toContain("did you mean 'sdxl'?");
});
