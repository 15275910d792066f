import type { Architecture } from '../registry/architecture.js';
import { mbwPresetName, mbwPresetValues } from '../registry/mbw-presets.js';

/** How a SuperMerger preset is shown in completion and hover: its weights, slot by slot, for the architecture. */
export function mbwPresetMarkdown(name: string, arch: Architecture | undefined): string | undefined {
  const preset = mbwPresetName(name);
  const slots = arch?.mbw;
  if (preset === undefined || !slots) return undefined;
  const values = mbwPresetValues(preset, slots.length);
  if (!values) return undefined;
  const rows = slots.map((slot, i) => `${slot.label}=${round(values[i]!)}`);
  return [`SuperMerger preset **${preset}** for ${arch.id} (${slots.length} weights):`, '', '`' + rows.join(' ') + '`'].join('\n');
}

/** A weight as people read it: at most 3 decimals. */
function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
