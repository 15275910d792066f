/** The editor settings the server reads (the `mecha` section of the workspace configuration). */
export interface Settings {
  /** `mecha.modelsDirs`: folders searched for the models a recipe names, in order. */
  readonly modelsDirs: readonly string[];
}

export const DEFAULT_SETTINGS: Settings = { modelsDirs: [] };

/**
 * Reads the `mecha` section as a client sends it (`workspace/configuration`, `initializationOptions`, or a pushed
 * `didChangeConfiguration` wrapping it as `{ mecha: ... }`). Settings are typed by hand in a JSON file, so
 * anything malformed is ignored rather than trusted: a single folder given as a string is taken as a list of one.
 */
export function parseSettings(raw: unknown): Settings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const section = isObject(raw['mecha']) ? raw['mecha'] : raw;
  const dirs = section['modelsDirs'];
  const list = typeof dirs === 'string' ? [dirs] : Array.isArray(dirs) ? dirs : [];
  return { modelsDirs: list.filter((d): d is string => typeof d === 'string' && d.trim() !== '').map((d) => d.trim()) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
