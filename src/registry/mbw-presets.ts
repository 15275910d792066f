import { SD1_MBW_PRESETS } from './mbw-presets-data.js';

/** SuperMerger's list lengths: sd1 (BASE, IN00..IN11, M00, OUT00..OUT11) and sdxl (BASE, IN00..IN08, M00, OUT00..OUT08). */
const SD1_SLOTS = 26;
const SDXL_SLOTS = 20;

/** The preset names, as SuperMerger spells them. */
export const MBW_PRESET_NAMES: readonly string[] = [...SD1_MBW_PRESETS.keys()];

/** The preset a name means (exact spelling first, then ignoring case), or undefined. */
export function mbwPresetName(written: string): string | undefined {
  const name = written.trim();
  if (SD1_MBW_PRESETS.has(name)) return name;
  return MBW_PRESET_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
}

/**
 * A preset's weights for a list of `slots` values: SuperMerger's own for sd1 (26), derived for sdxl (20), else
 * undefined.
 */
export function mbwPresetValues(name: string, slots: number): readonly number[] | undefined {
  const preset = mbwPresetName(name);
  if (preset === undefined) return undefined;
  const sd1 = SD1_MBW_PRESETS.get(preset)!.split(',').map(Number);
  if (slots === SD1_SLOTS) return sd1;
  if (slots === SDXL_SLOTS) return isBlockRange(sd1) ? sdxlByBlocks(sd1) : sdxlByCurve(sd1);
  return undefined;
}

/**
 * A preset made of whole and half weights (WRAP, MID, OUT, RING, ALL) selects block ranges; the others (GRAD,
 * FLAT, SMOOTHSTEP, COSINE, CUBIC_HERMITE) are curves along the unet.
 */
function isBlockRange(sd1: readonly number[]): boolean {
  return sd1.every((v) => v === 0 || v === 0.5 || v === 1);
}

/**
 * Block ranges map block to block. sdxl's unet is sd1's without the deepest level: its IN00..IN08 are sd1's
 * IN00..IN08 and its OUT00..OUT08 are sd1's OUT03..OUT11 (same resolution, same order); BASE and M00 stay.
 */
function sdxlByBlocks(sd1: readonly number[]): number[] {
  const base = sd1[0]!;
  const inputs = sd1.slice(1, 10); // IN00..IN08
  const mid = sd1[13]!;
  const outputs = sd1.slice(17, 26); // OUT03..OUT11
  return [base, ...inputs, mid, ...outputs];
}

/**
 * Curves are sampled again: sd1's 25 unet values (IN00..OUT11) sit evenly on [0, 1], M00 at 0.5; sdxl's 19 unet
 * values are read at 19 even points of the same line, between two sd1 points by linear interpolation. BASE stays.
 */
function sdxlByCurve(sd1: readonly number[]): number[] {
  const unet = sd1.slice(1);
  const out = [sd1[0]!];
  const last = SDXL_SLOTS - 2;
  for (let k = 0; k <= last; k++) {
    const at = (k / last) * (unet.length - 1);
    const i = Math.min(Math.floor(at), unet.length - 2);
    const f = at - i;
    out.push(unet[i]! * (1 - f) + unet[i + 1]! * f);
  }
  return out;
}

/**
 * The weights an `mbw(...)` list names: a preset name, or numbers separated by commas, as written (the checker
 * reports anything else).
 */
export function mbwListValues(text: string, slots: number): readonly number[] {
  return mbwPresetValues(text, slots) ?? text.split(',').map((s) => Number(s.trim()));
}
