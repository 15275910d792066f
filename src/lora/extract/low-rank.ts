import { matmul } from '../../runtime/linalg/matmul.js';
import { type Matrix, transpose } from '../../runtime/linalg/matrix.js';
import { svd } from '../../runtime/linalg/svd.js';

/**
 * Which rank a LoRA module keeps. `maxRank` always caps it; without a dynamic rule it is the rank. With one, the
 * rank is the fewest singular values that satisfy it: `svFraction` keeps every value at least that fraction of the
 * largest (kohya's `sv_ratio` is its inverse), `froShare` keeps the fewest whose norm reaches that share of the
 * delta's Frobenius norm (kohya's `sv_fro`).
 */
export interface RankRule {
  readonly maxRank: number;
  readonly svFraction?: number;
  readonly froShare?: number;
}

/** A rank-r factorization delta ~ up down: up is rows x r, down r x cols, both row-major. */
export interface LowRankFactors {
  readonly rank: number;
  readonly up: Float64Array;
  readonly down: Float64Array;
}

/** Extra sketch columns beyond the rank (at least this many, or half the rank): they sharpen the kept values. */
const OVERSAMPLE = 16;
/** Block power iterations: each squares the decay of the spectrum the sketch sees. */
const POWER_ITERATIONS = 3;
/** A sketch at least this share of the full rank costs about as much as the exact SVD, which is then used. */
const EXACT_SHARE = 0.5;

/**
 * The best rank-r approximation of a rows x cols matrix as up x down (up carries the singular values, as kohya's
 * extraction stores them). Small matrices, or ranks near full, take the exact SVD; others a randomized block-Krylov
 * range finder (a sketch A Omega, power iterations re-orthonormalized each step, then the exact SVD of the small
 * projection Q^T A), whose error stays within a fraction of a percent of the optimum for LoRA ranks.
 */
export function lowRankFactors(a: Matrix, rule: RankRule, seed = 0x5eed): LowRankFactors {
  const full = Math.min(a.rows, a.cols);
  const cap = Math.max(0, Math.min(Math.floor(rule.maxRank), full));
  if (cap === 0) return { rank: 0, up: new Float64Array(0), down: new Float64Array(0) };
  const width = Math.min(full, cap + Math.max(OVERSAMPLE, Math.ceil(cap / 2)));
  const { u, s, v } = width >= EXACT_SHARE * full ? svd(a) : sketchedSvd(a, width, seed);
  const rank = chooseRank(s, cap, rule, frobeniusSquared(a));
  const up = new Float64Array(a.rows * rank);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < rank; j++) up[i * rank + j] = u.data[i * u.cols + j]! * s[j]!;
  }
  const down = new Float64Array(rank * a.cols);
  for (let j = 0; j < rank; j++) {
    for (let c = 0; c < a.cols; c++) down[j * a.cols + c] = v.data[c * v.cols + j]!;
  }
  return { rank, up, down };
}

/** The rank a rule keeps given the (decreasing) singular values found and the matrix's squared Frobenius norm. */
export function chooseRank(s: Float64Array, cap: number, rule: RankRule, totalSquared: number): number {
  const limit = Math.min(cap, s.length);
  if (rule.svFraction !== undefined) {
    const floor = rule.svFraction * (s[0] ?? 0);
    let r = 0;
    while (r < limit && s[r]! > 0 && s[r]! >= floor) r++;
    return Math.max(1, r);
  }
  if (rule.froShare !== undefined) {
    const target = rule.froShare * rule.froShare * totalSquared;
    let sum = 0;
    let r = 0;
    while (r < limit && sum < target) sum += s[r++]! ** 2;
    return Math.max(1, r);
  }
  return limit;
}

function frobeniusSquared(a: Matrix): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += a.data[i]! ** 2;
  return sum;
}

/**
 * A thin SVD restricted to the dominant `width`-dimensional subspace, found by a sketch and power iterations. Only
 * width x width matrices go through the dense SVD: the tall bases are orthonormalized by Gram-Schmidt, and the
 * projection B = Q^T A is factored as B^T = Q2 R, so B = R^T Q2^T and the SVD of R^T gives B's.
 */
function sketchedSvd(a: Matrix, width: number, seed: number) {
  let q = orthonormalColumns(matmul(a, sketch(a.cols, width, seed)));
  for (let i = 0; i < POWER_ITERATIONS; i++) {
    // A^T Q computed as (Q^T A)^T: the long matrix is never transposed.
    const z = orthonormalColumns(transpose(matmul(transpose(q), a)));
    q = orthonormalColumns(matmul(a, z));
  }
  const bt = transpose(matmul(transpose(q), a));
  const q2 = orthonormalColumns(bt);
  const r = matmul(transpose(q2), bt);
  const small = svd(transpose(r));
  return { u: matmul(q, small.u), s: small.s, v: matmul(q2, small.v) };
}

/** Columns whose norm Gram-Schmidt reduces below this share of their own are dependent: they become zeros. */
const DEPENDENT = 1e-13;

/**
 * An orthonormal basis of a tall matrix's columns by classical Gram-Schmidt run twice (stable to working precision
 * where one pass is not). Dependent columns come out as zero columns, which a projection Q Q^T ignores.
 */
export function orthonormalColumns(y: Matrix): Matrix {
  const { rows, cols } = y;
  // Column-major copy: each column is contiguous for the dot products.
  const c = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) c[j * rows + i] = y.data[i * cols + j]!;
  for (let j = 0; j < cols; j++) {
    const col = j * rows;
    const original = Math.sqrt(dot(c, col, c, col, rows));
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const other = k * rows;
        const d = dot(c, col, c, other, rows);
        if (d !== 0) for (let i = 0; i < rows; i++) c[col + i]! -= d * c[other + i]!;
      }
    }
    const length = Math.sqrt(dot(c, col, c, col, rows));
    const scale = length > DEPENDENT * original && length > 0 ? 1 / length : 0;
    for (let i = 0; i < rows; i++) c[col + i]! *= scale;
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = c[j * rows + i]!;
  return { rows, cols, data: out };
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[ao + i]! * b[bo + i]!;
  return sum;
}

/** A cols x width test matrix of uniform values in [-1, 1) from a fixed seed, so extraction is reproducible. */
function sketch(rows: number, width: number, seed: number): Matrix {
  const data = new Float64Array(rows * width);
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    // xorshift32: cheap, and any full-rank random-looking sketch serves the range finder.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    data[i] = state / 2 ** 31 - 1;
  }
  return { rows, cols: width, data };
}
