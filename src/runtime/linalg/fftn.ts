import { fftPlan } from './fft.js';

/**
 * N-dimensional transforms on row-major arrays, with numpy/torch conventions: no scaling forward, 1/N inverse
 * ("backward" norm), and the real transforms keep the last axis' n/2 + 1 non-negative frequencies.
 */

/** Storage for spectra: float64, or float32 (as torch's complex64) to halve the memory of large tensors. */
export type SpectrumArray = Float64Array | Float32Array;

export interface Spectrum {
  readonly re: SpectrumArray;
  readonly im: SpectrumArray;
  /** Shape of the stored spectrum (the last axis halved plus one for real transforms). */
  readonly shape: readonly number[];
}

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Unscaled forward (or inverse) complex transform along one axis, in place. */
export function fftAxis(
  re: SpectrumArray,
  im: SpectrumArray,
  shape: readonly number[],
  axis: number,
  inverse: boolean,
): void {
  const len = shape[axis]!;
  if (len <= 1) return;
  const inner = product(shape.slice(axis + 1));
  const outer = product(shape.slice(0, axis));
  const plan = fftPlan(len);
  const lr = new Float64Array(len);
  const li = new Float64Array(len);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * len * inner + q;
      for (let i = 0; i < len; i++) {
        lr[i] = re[base + i * inner]!;
        li[i] = im[base + i * inner]!;
      }
      if (inverse) plan.inverse(lr, li);
      else plan.forward(lr, li);
      for (let i = 0; i < len; i++) {
        re[base + i * inner] = lr[i]!;
        im[base + i * inner] = li[i]!;
      }
    }
  }
}

/**
 * torch.fft.rfftn over every axis of a real array. Each line is transformed in float64 whatever the storage;
 * float32 storage rounds between axes, which is what torch's complex64 does anyway.
 */
export function rfftn(x: ArrayLike<number>, shape: readonly number[], storage: 'float64' | 'float32' = 'float64'): Spectrum {
  const dims = shape.length === 0 ? [1] : shape;
  const n = dims[dims.length - 1]!;
  const h = Math.floor(n / 2) + 1;
  const rows = product(dims) / n;
  const outShape = [...dims.slice(0, -1), h];
  const Storage = storage === 'float32' ? Float32Array : Float64Array;
  const re = new Storage(rows * h);
  const im = new Storage(rows * h);
  const plan = fftPlan(n);
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) lr[i] = x[r * n + i]!;
    li.fill(0);
    plan.forward(lr, li);
    re.set(lr.subarray(0, h), r * h);
    im.set(li.subarray(0, h), r * h);
  }
  for (let axis = dims.length - 2; axis >= 0; axis--) fftAxis(re, im, outShape, axis, false);
  return { re, im, shape: outShape };
}

/**
 * torch.fft.irfftn with the output shape given: inverse complex transforms over the leading axes, then a
 * complex-to-real one over the last, where the imaginary parts of the zero (and Nyquist) bins are ignored.
 * With `consume` the spectrum's arrays are transformed in place (no copy); `out` receives the result.
 */
export function irfftn(
  spectrum: Spectrum,
  shape: readonly number[],
  consume = false,
  out?: Float64Array | Float32Array,
): Float64Array | Float32Array {
  const dims = shape.length === 0 ? [1] : shape;
  const n = dims[dims.length - 1]!;
  const h = Math.floor(n / 2) + 1;
  const sshape = spectrum.shape;
  if (sshape.length !== dims.length || sshape[sshape.length - 1] !== h) {
    throw new RangeError(`irfftn: spectrum shape [${sshape}] does not match output shape [${dims}]`);
  }
  const re = consume ? spectrum.re : spectrum.re.slice();
  const im = consume ? spectrum.im : spectrum.im.slice();
  for (let axis = 0; axis < dims.length - 1; axis++) fftAxis(re, im, sshape, axis, true);
  const rows = re.length / h;
  const result = out ?? new Float64Array(rows * n);
  if (result.length !== rows * n) throw new RangeError('irfftn: output length mismatch');
  const plan = fftPlan(n);
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  const scale = 1 / product(dims);
  for (let r = 0; r < rows; r++) {
    // Rebuild the Hermitian-symmetric full spectrum; the real part of its inverse drops the imaginary parts of
    // the self-conjugate bins, as a C2R transform does.
    for (let k = 0; k < h; k++) {
      lr[k] = re[r * h + k]!;
      li[k] = im[r * h + k]!;
    }
    for (let k = h; k < n; k++) {
      lr[k] = re[r * h + n - k]!;
      li[k] = -im[r * h + n - k]!;
    }
    plan.inverse(lr, li);
    for (let i = 0; i < n; i++) result[r * n + i] = lr[i]! * scale;
  }
  return result;
}

/** torch.fft.rfft of a 1-D real array. */
export function rfft(x: ArrayLike<number>): Spectrum {
  return rfftn(x, [x.length]);
}

/** torch.fft.irfft of a 1-D half spectrum to length n. */
export function irfft(spectrum: Spectrum, n: number): Float64Array | Float32Array {
  return irfftn(spectrum, [n]);
}
