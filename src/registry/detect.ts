import type { Architecture } from './architecture.js';

/** What detection needs of a tensor: a safetensors header entry. */
export interface TensorShape {
  readonly shape: readonly number[];
  readonly dtype: string;
}

export interface DetectedArchitecture {
  readonly arch: string;
  /** The sd-mecha 1.x config id for the same keys, when the architecture has one. */
  readonly config: string | undefined;
  /** Keys the architecture requires (not optional) that the file lacks. */
  readonly missing: readonly string[];
  /** Keys of the file the architecture does not know. */
  readonly extra: readonly string[];
  /** Keys stored under an alias: the file's name and the canonical one. */
  readonly aliased: readonly { readonly key: string; readonly canonical: string }[];
}

export interface UnknownArchitecture {
  readonly unknown: true;
  /** Every architecture by how many keys differ (missing required + unknown), nearest first. */
  readonly nearest: readonly { readonly arch: string; readonly differing: number }[];
}

export type Detection = DetectedArchitecture | UnknownArchitecture;

/** What a registry offers detection; `Registry` satisfies it. */
export interface ArchitectureSource {
  architectures(): readonly Architecture[];
}

/**
 * A file is recognised when nearly all its keys are the architecture's (at least this share), so a file of
 * another family sharing a VAE or a text encoder is not taken for it...
 */
const MIN_KNOWN_SHARE = 0.9;
/** ...and it has a good part of the required keys (a UNet-only or VAE-less file still qualifies). */
const MIN_REQUIRED_SHARE = 0.3;

interface Score {
  readonly arch: Architecture;
  readonly known: number;
  readonly required: number;
  readonly requiredPresent: number;
  readonly shapesAgree: number;
  readonly missing: string[];
  readonly extra: string[];
  readonly aliased: { key: string; canonical: string }[];
}

/**
 * Finds the architecture of a model from its header. Key names decide (the tiny test models have real names and
 * clamped shapes); agreeing shapes only break ties. Aliased names (sd-mecha 1.x `aliases`) count as their
 * canonical key, optional keys (EMA weights, scheduler buffers) may be present or not.
 */
export function detectArchitecture(registry: ArchitectureSource, tensors: ReadonlyMap<string, TensorShape>): Detection {
  const scores = registry.architectures().map((arch) => score(arch, tensors));
  const fit = (s: Score) => (2 * s.known) / (tensors.size + s.required + (s.known - s.requiredPresent));
  const ranked = [...scores].sort(
    (x, y) => fit(y) - fit(x) || y.shapesAgree - x.shapesAgree || x.arch.id.localeCompare(y.arch.id),
  );
  const best = ranked[0];
  if (
    best !== undefined &&
    tensors.size > 0 &&
    best.known >= MIN_KNOWN_SHARE * tensors.size &&
    best.requiredPresent >= MIN_REQUIRED_SHARE * best.required
  ) {
    return {
      arch: best.arch.id,
      config: best.arch.data.config?.id,
      missing: best.missing,
      extra: best.extra,
      aliased: best.aliased,
    };
  }
  return {
    unknown: true,
    nearest: scores
      .map((s) => ({ arch: s.arch.id, differing: s.missing.length + s.extra.length }))
      .sort((x, y) => x.differing - y.differing || x.arch.localeCompare(y.arch)),
  };
}

function score(arch: Architecture, tensors: ReadonlyMap<string, TensorShape>): Score {
  const present = new Set<string>();
  const extra: string[] = [];
  const aliased: { key: string; canonical: string }[] = [];
  let shapesAgree = 0;
  for (const [name, tensor] of tensors) {
    const canonical = arch.canonicalKey(name);
    if (canonical === undefined) {
      extra.push(name);
      continue;
    }
    if (canonical !== name) aliased.push({ key: name, canonical });
    present.add(canonical);
    const facts = arch.keys.get(canonical)!;
    if (sameShape(facts.shape, tensor.shape)) shapesAgree++;
  }
  const missing: string[] = [];
  let required = 0;
  for (const facts of arch.keys.values()) {
    if (facts.optional) continue;
    required++;
    if (!present.has(facts.name)) missing.push(facts.name);
  }
  return {
    arch,
    known: tensors.size - extra.length,
    required,
    requiredPresent: required - missing.length,
    shapesAgree,
    missing,
    extra,
    aliased,
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
