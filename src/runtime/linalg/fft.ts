/**
 * Complex discrete Fourier transform of any length, X[k] = sum_t x[t] exp(-2 pi i t k / n), in place on separate
 * real and imaginary arrays. The length is split into radix-4, 2, 3 and 5 passes and then its other prime factors
 * (a Stockham autosort: no bit reversal, results in natural order). A prime factor too large for an O(p^2)
 * butterfly is transformed with Bluestein's chirp-z convolution, whose power-of-two FFT reuses this same machinery,
 * so every length costs O(n log n).
 */

const DIRECT_LIMIT = 32;

interface Stage {
  /** Radix of this pass. */
  readonly r: number;
  /** Length of each sub-transform after this pass. */
  readonly m: number;
  /** Number of interleaved sequences before this pass. */
  readonly s: number;
  /** Twiddles exp(-2 pi i p k / (r m)) for p < m, 1 <= k < r, at index 2 * (p * (r - 1) + k - 1). */
  readonly tw: Float64Array;
  /** For a generic radix: exp(-2 pi i j / r), j < r. */
  readonly roots: Float64Array | null;
  /** For a large prime radix: the Bluestein transform of length r. */
  readonly big: Bluestein | null;
}

const plans = new Map<number, FftPlan>();
/** Longer plans are not cached: their twiddles and scratch would hold on to hundreds of MB between keys. */
const CACHE_LIMIT = 1 << 20;

/** The plan for length n (cached unless it is very long). */
export function fftPlan(n: number): FftPlan {
  let plan = plans.get(n);
  if (!plan) {
    plan = new FftPlan(n);
    if (n > CACHE_LIMIT) return plan;
    // Plans are small next to the data they transform; a bound keeps odd sizes from accumulating forever.
    if (plans.size > 64) plans.clear();
    plans.set(n, plan);
  }
  return plan;
}

/** Forward transform in place. */
export function fft(re: Float64Array, im: Float64Array): void {
  fftPlan(re.length).forward(re, im);
}

/** Inverse transform in place, scaled by 1/n. */
export function ifft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  fftPlan(n).inverse(re, im);
  const k = 1 / n;
  for (let i = 0; i < n; i++) {
    re[i] = re[i]! * k;
    im[i] = im[i]! * k;
  }
}

export class FftPlan {
  readonly n: number;
  private readonly stages: Stage[] = [];
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  private readonly tmp: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    let s = 1;
    let len = n;
    let maxRadix = 1;
    for (const r of factorize(n)) {
      const m = len / r;
      const tw = new Float64Array(2 * m * (r - 1));
      for (let p = 0; p < m; p++) {
        for (let k = 1; k < r; k++) {
          const angle = (-2 * Math.PI * ((p * k) % len)) / len;
          tw[2 * (p * (r - 1) + k - 1)] = Math.cos(angle);
          tw[2 * (p * (r - 1) + k - 1) + 1] = Math.sin(angle);
        }
      }
      let roots: Float64Array | null = null;
      let big: Bluestein | null = null;
      if (r > 5) {
        if (r <= DIRECT_LIMIT) {
          roots = new Float64Array(2 * r);
          for (let j = 0; j < r; j++) {
            roots[2 * j] = Math.cos((-2 * Math.PI * j) / r);
            roots[2 * j + 1] = Math.sin((-2 * Math.PI * j) / r);
          }
        } else {
          big = new Bluestein(r);
        }
      }
      this.stages.push({ r, m, s, tw, roots, big });
      maxRadix = Math.max(maxRadix, r);
      s *= r;
      len = m;
    }
    this.scratchRe = new Float64Array(n);
    this.scratchIm = new Float64Array(n);
    this.tmp = new Float64Array(4 * maxRadix);
  }

  forward(re: Float64Array, im: Float64Array): void {
    if (re.length !== this.n || im.length !== this.n) throw new RangeError('FFT buffer length mismatch');
    let xr = re;
    let xi = im;
    let yr = this.scratchRe;
    let yi = this.scratchIm;
    for (const stage of this.stages) {
      this.pass(stage, xr, xi, yr, yi);
      [xr, yr] = [yr, xr];
      [xi, yi] = [yi, xi];
    }
    if (xr !== re) {
      re.set(xr);
      im.set(xi);
    }
  }

  /** Unscaled inverse: conj(F(conj(x))). */
  inverse(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) im[i] = -im[i]!;
    this.forward(re, im);
    for (let i = 0; i < n; i++) im[i] = -im[i]!;
  }

  private pass(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const { r, m, s, tw } = st;
    const sm = s * m;
    if (r === 2) {
      for (let p = 0; p < m; p++) {
        const w1r = tw[2 * p]!,
          w1i = tw[2 * p + 1]!;
        for (let q = 0; q < s; q++) {
          const i0 = q + s * p;
          const i1 = i0 + sm;
          const ar = xr[i0]!,
            ai = xi[i0]!,
            br = xr[i1]!,
            bi = xi[i1]!;
          const o = q + s * 2 * p;
          yr[o] = ar + br;
          yi[o] = ai + bi;
          const dr = ar - br,
            di = ai - bi;
          yr[o + s] = dr * w1r - di * w1i;
          yi[o + s] = dr * w1i + di * w1r;
        }
      }
    } else if (r === 4) {
      for (let p = 0; p < m; p++) {
        const t = 6 * p;
        const w1r = tw[t]!,
          w1i = tw[t + 1]!,
          w2r = tw[t + 2]!,
          w2i = tw[t + 3]!,
          w3r = tw[t + 4]!,
          w3i = tw[t + 5]!;
        for (let q = 0; q < s; q++) {
          const i0 = q + s * p;
          const a0r = xr[i0]!,
            a0i = xi[i0]!;
          const a1r = xr[i0 + sm]!,
            a1i = xi[i0 + sm]!;
          const a2r = xr[i0 + 2 * sm]!,
            a2i = xi[i0 + 2 * sm]!;
          const a3r = xr[i0 + 3 * sm]!,
            a3i = xi[i0 + 3 * sm]!;
          const s02r = a0r + a2r,
            s02i = a0i + a2i,
            d02r = a0r - a2r,
            d02i = a0i - a2i;
          const s13r = a1r + a3r,
            s13i = a1i + a3i,
            d13r = a1r - a3r,
            d13i = a1i - a3i;
          // b1 = d02 - i d13, b3 = d02 + i d13 (omega_4 = -i).
          const b1r = d02r + d13i,
            b1i = d02i - d13r;
          const b2r = s02r - s13r,
            b2i = s02i - s13i;
          const b3r = d02r - d13i,
            b3i = d02i + d13r;
          const o = q + s * 4 * p;
          yr[o] = s02r + s13r;
          yi[o] = s02i + s13i;
          yr[o + s] = b1r * w1r - b1i * w1i;
          yi[o + s] = b1r * w1i + b1i * w1r;
          yr[o + 2 * s] = b2r * w2r - b2i * w2i;
          yi[o + 2 * s] = b2r * w2i + b2i * w2r;
          yr[o + 3 * s] = b3r * w3r - b3i * w3i;
          yi[o + 3 * s] = b3r * w3i + b3i * w3r;
        }
      }
    } else if (r === 3) {
      const c = -0.5;
      const sn = -Math.sqrt(3) / 2;
      for (let p = 0; p < m; p++) {
        const t = 4 * p;
        const w1r = tw[t]!,
          w1i = tw[t + 1]!,
          w2r = tw[t + 2]!,
          w2i = tw[t + 3]!;
        for (let q = 0; q < s; q++) {
          const i0 = q + s * p;
          const a0r = xr[i0]!,
            a0i = xi[i0]!;
          const a1r = xr[i0 + sm]!,
            a1i = xi[i0 + sm]!;
          const a2r = xr[i0 + 2 * sm]!,
            a2i = xi[i0 + 2 * sm]!;
          const sr = a1r + a2r,
            si = a1i + a2i,
            dr = a1r - a2r,
            di = a1i - a2i;
          const mr = a0r + c * sr,
            mi = a0i + c * si;
          // b1 = m + i sn d, b2 = m - i sn d.
          const b1r = mr - sn * di,
            b1i = mi + sn * dr;
          const b2r = mr + sn * di,
            b2i = mi - sn * dr;
          const o = q + s * 3 * p;
          yr[o] = a0r + sr;
          yi[o] = a0i + si;
          yr[o + s] = b1r * w1r - b1i * w1i;
          yi[o + s] = b1r * w1i + b1i * w1r;
          yr[o + 2 * s] = b2r * w2r - b2i * w2i;
          yi[o + 2 * s] = b2r * w2i + b2i * w2r;
        }
      }
    } else {
      this.genericPass(st, xr, xi, yr, yi);
    }
  }

  /** Any radix: gather the r inputs, take their length-r DFT directly or by Bluestein, twiddle, scatter. */
  private genericPass(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const { r, m, s, tw, roots, big } = st;
    const sm = s * m;
    const t = this.tmp;
    const ar = t.subarray(0, r);
    const ai = t.subarray(r, 2 * r);
    const br = t.subarray(2 * r, 3 * r);
    const bi = t.subarray(3 * r, 4 * r);
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < s; q++) {
        const i0 = q + s * p;
        for (let j = 0; j < r; j++) {
          ar[j] = xr[i0 + j * sm]!;
          ai[j] = xi[i0 + j * sm]!;
        }
        if (big) {
          br.set(ar);
          bi.set(ai);
          big.forward(br, bi);
        } else {
          directDft(r, roots ?? smallRoots(r), ar, ai, br, bi);
        }
        const o = q + s * r * p;
        yr[o] = br[0]!;
        yi[o] = bi[0]!;
        const tb = 2 * p * (r - 1);
        for (let k = 1; k < r; k++) {
          const wr = tw[tb + 2 * (k - 1)]!,
            wi = tw[tb + 2 * (k - 1) + 1]!;
          const vr = br[k]!,
            vi = bi[k]!;
          yr[o + k * s] = vr * wr - vi * wi;
          yi[o + k * s] = vr * wi + vi * wr;
        }
      }
    }
  }
}

const small = new Map<number, Float64Array>();
function smallRoots(r: number): Float64Array {
  let roots = small.get(r);
  if (!roots) {
    roots = new Float64Array(2 * r);
    for (let j = 0; j < r; j++) {
      roots[2 * j] = Math.cos((-2 * Math.PI * j) / r);
      roots[2 * j + 1] = Math.sin((-2 * Math.PI * j) / r);
    }
    small.set(r, roots);
  }
  return roots;
}

/** O(r^2) DFT with the r-th roots of unity; the exponent j k is reduced mod r to index the table. */
function directDft(
  r: number,
  roots: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
  br: Float64Array,
  bi: Float64Array,
): void {
  for (let k = 0; k < r; k++) {
    let sr = 0;
    let si = 0;
    let idx = 0;
    for (let j = 0; j < r; j++) {
      const wr = roots[2 * idx]!,
        wi = roots[2 * idx + 1]!;
      const xr = ar[j]!,
        xi = ai[j]!;
      sr += xr * wr - xi * wi;
      si += xr * wi + xi * wr;
      idx += k;
      if (idx >= r) idx -= r;
    }
    br[k] = sr;
    bi[k] = si;
  }
}

/** Radices in pass order: fours, a two, threes, fives, then the remaining primes ascending. */
function factorize(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    out.push(4);
    rest /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (rest % p === 0) {
      out.push(p);
      rest /= p;
    }
  }
  for (let p = 7; p * p <= rest; p += 2) {
    while (rest % p === 0) {
      out.push(p);
      rest /= p;
    }
  }
  if (rest > 1) out.push(rest);
  return out;
}

/**
 * Length-n DFT as a circular convolution: with w_j = exp(-i pi j^2 / n), X_k = w_k sum_j (x_j w_j) conj(w_(k-j)),
 * computed with power-of-two transforms of length M >= 2n - 1.
 */
class Bluestein {
  private readonly n: number;
  private readonly plan: FftPlan;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** Transform of the conjugate chirp, pre-scaled by 1/M for the inverse. */
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    let size = 1;
    while (size < 2 * n - 1) size *= 2;
    this.plan = fftPlan(size);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      // j^2 mod 2n keeps the angle small and exact.
      const angle = (-Math.PI * ((j * j) % (2 * n))) / n;
      this.chirpRe[j] = Math.cos(angle);
      this.chirpIm[j] = Math.sin(angle);
    }
    this.kernelRe = new Float64Array(size);
    this.kernelIm = new Float64Array(size);
    for (let j = 0; j < n; j++) {
      const cr = this.chirpRe[j]!,
        ci = -this.chirpIm[j]!;
      this.kernelRe[j] = cr;
      this.kernelIm[j] = ci;
      if (j > 0) {
        this.kernelRe[size - j] = cr;
        this.kernelIm[size - j] = ci;
      }
    }
    this.plan.forward(this.kernelRe, this.kernelIm);
    for (let i = 0; i < size; i++) {
      this.kernelRe[i] = this.kernelRe[i]! / size;
      this.kernelIm[i] = this.kernelIm[i]! / size;
    }
    this.bufRe = new Float64Array(size);
    this.bufIm = new Float64Array(size);
  }

  forward(re: Float64Array, im: Float64Array): void {
    const { n, chirpRe, chirpIm, kernelRe, kernelIm, bufRe, bufIm } = this;
    bufRe.fill(0);
    bufIm.fill(0);
    for (let j = 0; j < n; j++) {
      const xr = re[j]!,
        xi = im[j]!,
        cr = chirpRe[j]!,
        ci = chirpIm[j]!;
      bufRe[j] = xr * cr - xi * ci;
      bufIm[j] = xr * ci + xi * cr;
    }
    this.plan.forward(bufRe, bufIm);
    for (let i = 0; i < bufRe.length; i++) {
      const xr = bufRe[i]!,
        xi = bufIm[i]!,
        kr = kernelRe[i]!,
        ki = kernelIm[i]!;
      bufRe[i] = xr * kr - xi * ki;
      bufIm[i] = xr * ki + xi * kr;
    }
    this.plan.inverse(bufRe, bufIm);
    for (let k = 0; k < n; k++) {
      const yr = bufRe[k]!,
        yi = bufIm[k]!,
        cr = chirpRe[k]!,
        ci = chirpIm[k]!;
      re[k] = yr * cr - yi * ci;
      im[k] = yr * ci + yi * cr;
    }
  }
}
