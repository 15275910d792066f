import { isDType } from '../runtime/dtype/dtype.js';
import { ARCHITECTURE_FORMAT, type ArchitectureData } from './architecture-data.js';
import { createArchitecture } from './architecture.js';

/** A problem in an architecture's data, located by its path in the document (`components[0].blocks.in*`). */
export interface ArchitectureProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Ids and component names: no `_`, which legacy dict keys (`sd1_unet_block_in2`) use as the separator. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
/** Enough to show a pattern without flooding the output when a whole key table is wrong. */
const MAX_PROBLEMS = 50;

type Json = unknown;
type Path = (string | number)[];

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: Json): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** Renders a problem's path the way people write it: `keys[3][1]`, `components[0].blocks.in*`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/**
 * Checks that a parsed document is an architecture: the shape of every field, then what only the built
 * architecture can tell (blocks found for each component, a class for every merged key, `mbw` targets that
 * exist). Returns the data, typed, when there are no problems.
 */
export function validateArchitectureData(value: Json): {
  readonly data: ArchitectureData | undefined;
  readonly problems: readonly ArchitectureProblem[];
} {
  const problems: ArchitectureProblem[] = [];
  const report = (path: Path, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, message });
  };

  if (!isObject(value)) {
    report([], 'an architecture file holds one object');
    return { data: undefined, problems };
  }
  if (value['format'] !== ARCHITECTURE_FORMAT) {
    report(['format'], `expected "format": "${ARCHITECTURE_FORMAT}"`);
  }
  if (typeof value['id'] !== 'string' || !PLAIN_NAME.test(value['id'])) {
    report(['id'], 'the id must be letters and digits, starting with a letter (recipes write it as a name)');
  }
  for (const field of ['aliases', 'passthrough'] as const) {
    if (value[field] !== undefined && !isStringArray(value[field])) report([field], 'expected a list of strings');
  }
  if (value['description'] !== undefined && typeof value['description'] !== 'string') {
    report(['description'], 'expected a string');
  }

  const componentNames = new Set<string>();
  const components = value['components'];
  if (!Array.isArray(components) || components.length === 0) {
    report(['components'], 'expected a non-empty list of components');
  } else {
    components.forEach((c, i) => checkComponent(c, ['components', i], componentNames, report));
  }

  let configComponents: Set<string> | undefined;
  const config = value['config'];
  if (config !== undefined) {
    if (!isObject(config)) report(['config'], 'expected an object');
    else {
      if (typeof config['id'] !== 'string' || config['id'] === '')
        report(['config', 'id'], 'expected a non-empty string');
      if (config['aliases'] !== undefined && !isStringArray(config['aliases'])) {
        report(['config', 'aliases'], 'expected a list of strings');
      }
      if (!isStringArray(config['components']) || config['components'].length === 0) {
        report(['config', 'components'], 'expected a non-empty list of component names');
      } else {
        configComponents = new Set(config['components']);
        if (configComponents.size !== config['components'].length)
          report(['config', 'components'], 'a name is listed twice');
      }
    }
  }

  for (const field of ['keyAliases', 'mbw'] as const) {
    const list = value[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      report([field], 'expected a list');
      continue;
    }
    list.forEach((pair, i) => {
      const ok = isStringArray(pair) && (field === 'keyAliases' ? pair.length === 2 : pair.length >= 2);
      if (!ok)
        report([field, i], field === 'keyAliases' ? 'expected [prefix, replacement]' : 'expected [label, target, ...]');
    });
  }

  const keys = value['keys'];
  if (!Array.isArray(keys) || keys.length === 0) {
    report(['keys'], 'expected a non-empty list of keys');
  } else {
    const seen = new Set<string>();
    keys.forEach((k, i) => checkKey(k, ['keys', i], seen, configComponents, report));
  }

  if (problems.length > 0) return { data: undefined, problems };
  const data = value as unknown as ArchitectureData;
  checkBuilt(data, report);
  return problems.length > 0 ? { data: undefined, problems } : { data, problems };
}

function checkComponent(c: Json, path: Path, names: Set<string>, report: (path: Path, message: string) => void): void {
  if (!isObject(c)) {
    report(path, 'expected an object with name, prefix and blocks');
    return;
  }
  const name = c['name'];
  if (typeof name !== 'string' || !PLAIN_NAME.test(name)) {
    report([...path, 'name'], 'expected a name of letters and digits, starting with a letter');
  } else if (names.has(name)) report([...path, 'name'], `component '${name}' is defined twice`);
  else names.add(name);
  if (typeof c['prefix'] !== 'string' || c['prefix'] === '')
    report([...path, 'prefix'], 'expected a non-empty key prefix');
  if (c['description'] !== undefined && typeof c['description'] !== 'string')
    report([...path, 'description'], 'expected a string');

  const blocks = c['blocks'];
  if (!isObject(blocks) || Object.keys(blocks).length === 0) {
    report([...path, 'blocks'], 'expected an object of block name -> key patterns');
  } else {
    for (const [block, patterns] of Object.entries(blocks)) {
      const where = [...path, 'blocks', block];
      const list = typeof patterns === 'string' ? [patterns] : patterns;
      if (!isStringArray(list) || list.length === 0 || list.some((p) => p === '')) {
        report(where, 'expected a pattern or a non-empty list of patterns');
        continue;
      }
      const stars = (s: string) => s.split('*').length - 1;
      if (stars(block) > 1 || list.some((p) => stars(p) > 1)) report(where, 'at most one * per name or pattern');
      else if (stars(block) !== stars(list[0]!)) {
        report(where, 'a * in the block name needs a * in its first pattern, and the other way round');
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*\*?[A-Za-z0-9_]*$/.test(block))
        report(where, 'block names are letters, digits, _ and one optional *');
    }
  }

  const classes = c['classes'];
  if (classes !== undefined) {
    if (!isObject(classes)) report([...path, 'classes'], 'expected an object with strip and names');
    else {
      if (classes['strip'] !== undefined && !isStringArray(classes['strip'])) {
        report([...path, 'classes', 'strip'], 'expected a list of patterns');
      }
      const named = classes['names'];
      if (
        named !== undefined &&
        (!isObject(named) || !Object.values(named).every((v) => typeof v === 'string' && IDENTIFIER.test(v)))
      ) {
        report([...path, 'classes', 'names'], 'expected an object of module path -> class name');
      }
    }
  }
}

function checkKey(
  entry: Json,
  path: Path,
  seen: Set<string>,
  configComponents: ReadonlySet<string> | undefined,
  report: (path: Path, message: string) => void,
): void {
  let name: Json, shape: Json, dtype: Json, component: Json, flag: Json;
  if (Array.isArray(entry)) {
    if (entry.length < 3 || entry.length > 5) {
      report(path, 'expected [name, shape, dtype] or [name, shape, dtype, config component, "optional"]');
      return;
    }
    [name, shape, dtype, component, flag] = entry;
  } else if (isObject(entry)) {
    ({ name, shape, dtype } = entry);
    component = entry['config'];
    if (entry['optional'] !== undefined && typeof entry['optional'] !== 'boolean')
      report([...path, 'optional'], 'expected true or false');
  } else {
    report(path, 'expected a key: [name, shape, dtype, ...] or {name, shape, dtype}');
    return;
  }
  const at = (i: number, field: string) => (Array.isArray(entry) ? [...path, i] : [...path, field]);

  if (typeof name !== 'string' || name === '') report(at(0, 'name'), 'expected the key name');
  else if (seen.has(name)) report(at(0, 'name'), `key '${name}' is listed twice`);
  else seen.add(name);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    report(at(1, 'shape'), 'expected a shape: a list of non-negative integers');
  }
  if (!isDType(dtype))
    report(at(2, 'dtype'), `unknown dtype ${JSON.stringify(dtype)} (safetensors names: F32, F16, BF16, I64, ...)`);
  if (component !== undefined && component !== null) {
    if (typeof component !== 'string') report(at(3, 'config'), 'expected a config component name or null');
    else if (configComponents === undefined)
      report(at(3, 'config'), 'names a config component but the file has no config');
    else if (!configComponents.has(component))
      report(at(3, 'config'), `'${component}' is not one of config.components`);
  }
  if (flag !== undefined && flag !== 'optional') report([...path, 4], 'the only flag is "optional"');
}

function checkBuilt(data: ArchitectureData, report: (path: Path, message: string) => void): void {
  const arch = createArchitecture(data);
  arch.components.forEach((c, i) => {
    if (c.blocks.length === 0)
      report(['components', i, 'blocks'], `no key of component '${c.name}' matches any block pattern`);
  });
  const unnamed = new Map<string, string[]>();
  for (const key of arch.mergedKeys()) {
    const info = arch.keyInfo(key)!;
    if (info.class === undefined) unnamed.set(info.component!, [...(unnamed.get(info.component!) ?? []), key]);
  }
  for (const [component, keys] of unnamed) {
    const i = data.components.findIndex((c) => c.name === component);
    report(
      ['components', i, 'classes'],
      `${keys.length} key(s) get no class, e.g. '${keys[0]}': name their module path in classes.names`,
    );
  }
  data.mbw?.forEach(([, ...targets], i) => {
    for (const target of targets) {
      const [component, block] = target.split('.', 2) as [string, string | undefined];
      const c = arch.component(component);
      if (!c) report(['mbw', i], `unknown component '${component}'`);
      else if (block !== undefined && !c.blocks.includes(block))
        report(['mbw', i], `component '${component}' has no block '${block}'`);
    }
  });
}
