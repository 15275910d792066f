/**
 * Linear algebra and FFT methods against numpy on the same inputs: a 1280 x 1280 SVD, a 1280^3 matrix product,
 * rotate on one SDXL-sized attention weight (alignment 1, and 0.5 which adds a fractional matrix power), and
 * crossover of a 320 x 320 x 3 x 3 conv. Ours runs on one thread in float64; numpy runs in float32 (as torch does),
 * once on one BLAS thread and once on all. Times are medians in seconds; the numpy columns are skipped when numpy
 * is not importable.
 * Run: `npx tsx bench/linalg.ts` or, after `npm run build`, `node dist/bench/linalg.js`.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { matmul } from '../src/runtime/linalg/matmul.js';
import { fromArray } from '../src/runtime/linalg/matrix.js';
import { svd } from '../src/runtime/linalg/svd.js';
import { crossover } from '../src/runtime/methods/crossover.js';
import { kernelContext, type Tensor } from '../src/runtime/methods/kernel.js';
import { rotate } from '../src/runtime/methods/rotate.js';

/** The system python first, then whatever python3 is on PATH (numpy may live in either). */
const PYTHONS = ['/usr/bin/python3', 'python3'];

/** Deterministic ~N(0, 0.02) values (sum of uniforms), shaped like merged weights. */
function weights(shape: number[], seed: number): Tensor {
  const n = shape.reduce((x, y) => x * y, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let j = 0; j < 4; j++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      u += s / 4294967296;
    }
    data[i] = (u - 2) * 0.0346;
  }
  return { shape, data };
}

function median(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((x, y) => x - y);
  return times[runs >> 1]!;
}

interface Case {
  readonly name: string;
  readonly runs: number;
  readonly ours: () => void;
  /** A Python expression timed on numpy's side; `a`, `b`, `c4` and `d4` are set up beforehand. */
  readonly numpy: string;
}

const N = 1280;
const a = weights([N, N], 1);
const b = weights([N, N], 2);
const conv = weights([320, 320, 3, 3], 3);
const conv2 = weights([320, 320, 3, 3], 4);
const ctx = kernelContext('bench', 'fp32');
const am = fromArray(N, N, a.data);
const bm = fromArray(N, N, b.data);

const cases: Case[] = [
  { name: `matmul ${N}^3`, runs: 3, ours: () => void matmul(am, bm), numpy: 'a @ b' },
  { name: `svd ${N}x${N}`, runs: 1, ours: () => void svd(am), numpy: 'np.linalg.svd(a)' },
  {
    name: `rotate ${N}x${N}, alignment 1`,
    runs: 1,
    ours: () => void rotate([a, b], { alignment: 1, alpha: 0 }, ctx),
    numpy: 'rotate(a, b, 1.0)',
  },
  {
    name: `rotate ${N}x${N}, alignment 0.5`,
    runs: 1,
    ours: () => void rotate([a, b], { alignment: 0.5, alpha: 0 }, ctx),
    numpy: 'rotate(a, b, 0.5)',
  },
  {
    name: 'crossover 320x320x3x3',
    runs: 3,
    ours: () => void crossover([conv, conv2], { alpha: 0.5, tilt: 0.3 }, ctx),
    numpy: 'crossover(c4, d4, 0.5, 0.3)',
  },
];

// The numpy side, written as sd-mecha computes it (float32 throughout), on random inputs of the same scale.
const NUMPY_BODY = `
import json, math, sys, time
import numpy as np
rng = np.random.default_rng(0)
a = rng.standard_normal((${N}, ${N})).astype(np.float32) * 0.02
b = rng.standard_normal((${N}, ${N})).astype(np.float32) * 0.02
c4 = rng.standard_normal((320, 320, 3, 3)).astype(np.float32) * 0.02
d4 = rng.standard_normal((320, 320, 3, 3)).astype(np.float32) * 0.02
def rotate(a, b, alignment):
    ca, cb = a.mean(0), b.mean(0)
    an, bn = a - ca, b - cb
    u, _, vt = np.linalg.svd(an.T @ bn)
    if alignment != round(alignment):
        u[:, -1] /= np.linalg.det(u) * np.linalg.det(vt)
    t = u @ vt
    if alignment != round(alignment):
        w, v = np.linalg.eig(t)
        t = (v @ np.diag(w ** alignment) @ np.linalg.inv(v)).real.astype(np.float32)
    return an @ t + (1 - alignment) * ca + alignment * cb
def create_filter(shape, alpha, tilt):
    grads = []
    for i, s in enumerate(reversed(shape)):
        if i == 0 or s == 1:
            grads.append(np.linspace(0, 1, s, dtype=np.float32))
        else:
            g = np.concatenate([np.linspace(0, (s - 1) // 2, s - s // 2), np.linspace(s // 2, 1, s // 2)])
            grads.append(g.astype(np.float32) / (s // 2))
    grads = list(reversed(grads))
    mesh = np.sqrt(sum(g ** 2 for g in np.meshgrid(*grads, indexing='ij')) / len(shape))
    cot = 1 / math.tan(math.pi * tilt / 2)
    return np.clip(mesh * cot + alpha * cot + alpha - cot, 0, 1).astype(np.float32)
def crossover(a, b, alpha, tilt):
    fa, fb = np.fft.rfftn(a), np.fft.rfftn(b)
    f = create_filter(fa.shape, alpha, tilt)
    return np.fft.irfftn((1 - f) * fa + f * fb, s=a.shape).astype(np.float32)
out = {}
for name, stmt, runs in json.loads(sys.argv[1]):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); eval(stmt); times.append(time.perf_counter() - t0)
    out[name] = sorted(times)[runs // 2]
print(json.dumps(out))
`;

/** Times the numpy expressions in a child python (BLAS threads capped when `threads` is given); null without numpy. */
function numpyTimes(threads?: number): Record<string, number> | null {
  const env = { ...process.env };
  // These tune OpenBLAS for another CPU; the child should detect this one.
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  if (threads !== undefined) {
    env['OPENBLAS_NUM_THREADS'] = String(threads);
    env['OMP_NUM_THREADS'] = String(threads);
  }
  const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import numpy'], { env }).status === 0);
  if (python === undefined) return null;
  const spec = JSON.stringify(cases.map((c) => [c.name, c.numpy, c.runs]));
  const run = spawnSync(python, ['-c', NUMPY_BODY, spec], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) {
    console.error(run.stderr);
    return null;
  }
  return JSON.parse(run.stdout) as Record<string, number>;
}

function numpyVersion(): string | null {
  const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import numpy'], {}).status === 0);
  if (python === undefined) return null;
  const out = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return `numpy ${out.stdout.trim()} (${python})`;
}

export function runLinalgBench(): void {
  const version = numpyVersion();
  console.log(`linear algebra, Node ${process.version}, ${version ?? 'numpy not found'}`);
  console.log('ours: 1 thread, float64; numpy: float32 as torch, on 1 BLAS thread and on all of them');
  const single = version ? numpyTimes(1) : null;
  const all = version ? numpyTimes() : null;
  const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
  const ratio = (ours: number, x: number | undefined) => (x === undefined ? '-' : (ours / x).toFixed(1));
  const rows = cases.map((c) => {
    c.ours(); // warm-up (JIT, FFT plans)
    const ours = median(c.ours, c.runs);
    const one = single?.[c.name];
    const many = all?.[c.name];
    return [c.name, ours.toFixed(3), fmt(one), ratio(ours, one), fmt(many), ratio(ours, many)];
  });
  const header = ['operation', 'ours s', 'numpy 1T s', 'ratio', 'numpy s', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runLinalgBench();
