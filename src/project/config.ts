import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ArchitectureData } from '../registry/architecture-data.js';
import { BUILTIN_ARCHITECTURES } from '../registry/builtin-architectures.js';
import { loadArchitectureFile, type ArchitectureFileError } from '../registry/load-architecture-file.js';
import { createRegistry, type Registry } from '../registry/registry.js';

/** The file a project's settings live in, found from a recipe's folder upward. */
export const CONFIG_FILE_NAME = 'mecha.config.json';

/** A mistake in the configuration or in a file it names, with where it is. */
export type ConfigProblem = ArchitectureFileError;

export interface ProjectConfig {
  readonly file: string;
  /** Absolute, in the order written. */
  readonly modelsDirs: readonly string[];
  readonly architectures: readonly ArchitectureData[];
  readonly problems: readonly ConfigProblem[];
}

const FIELDS = new Set(['architectures', 'modelsDirs']);

/** The nearest `mecha.config.json` in `dir` or a folder above it, as Prettier and ESLint find theirs. */
export function findProjectConfig(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const candidate = join(at, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Reads a configuration: `modelsDirs` (folders, relative to the configuration's folder) and `architectures` (`{ id:
 * file }`, each file an architecture in mecha's format, JSON or YAML). Never throws: every mistake is a problem
 * with its file and line, and what is sound is kept.
 */
export function loadProjectConfig(file: string): ProjectConfig {
  const problems: ConfigProblem[] = [];
  const base = dirname(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, modelsDirs: [], architectures: [], problems: [at(file, undefined, '', `cannot read it: ${(error as Error).message}`)] };
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const lines = new LineOf(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { file, modelsDirs: [], architectures: [], problems: [at(file, e.linePos?.[0]?.line, '', e.message.split('\n')[0]!)] };
  }
  const root = doc.contents;
  if (!isMap(root)) return { file, modelsDirs: [], architectures: [], problems: [at(file, 1, '', 'expected an object')] };

  const modelsDirs: string[] = [];
  const architectures: ArchitectureData[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyLine = lines.of(pair.key);
    if (!FIELDS.has(key)) {
      problems.push(at(file, keyLine, key, `unknown field; a configuration has ${[...FIELDS].join(' and ')}`));
      continue;
    }
    const value = pair.value;
    if (key === 'modelsDirs') {
      if (!isSeq(value) || !value.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
        problems.push(at(file, keyLine, key, 'expected a list of folders'));
        continue;
      }
      for (const item of value.items) modelsDirs.push(resolve(base, String((item as { value: string }).value)));
      continue;
    }
    if (!isMap(value)) {
      problems.push(at(file, keyLine, key, 'expected { "<id>": "<architecture file>" }'));
      continue;
    }
    const seen = new Set<string>();
    for (const entry of value.items) {
      const id = isScalar(entry.key) ? String(entry.key.value) : '';
      const line = lines.of(entry.key);
      const path = `architectures.${id}`;
      if (!isScalar(entry.value) || typeof entry.value.value !== 'string') {
        problems.push(at(file, line, path, 'expected the path of an architecture file'));
        continue;
      }
      if (BUILTIN_ARCHITECTURES.some((a) => a.id === id)) {
        problems.push(at(file, line, path, `'${id}' is a built-in architecture; give yours another id`));
        continue;
      }
      const archFile = resolve(base, entry.value.value);
      let archText: string;
      try {
        archText = readFileSync(archFile, 'utf8');
      } catch (error) {
        problems.push(at(file, line, path, `cannot read ${entry.value.value}: ${(error as Error).message}`));
        continue;
      }
      const loaded = loadArchitectureFile(archText, archFile);
      if (loaded.data === undefined || loaded.errors.length > 0) {
        problems.push(...loaded.errors);
        continue;
      }
      if (loaded.data.id !== id) {
        problems.push(at(file, line, path, `${entry.value.value} describes '${loaded.data.id}', not '${id}'`));
        continue;
      }
      if (seen.has(id)) continue; // the YAML reader already refused a repeated key
      seen.add(id);
      architectures.push(loaded.data);
    }
  }
  return { file, modelsDirs, architectures, problems };
}

/** The registry a project's recipes are checked and merged with: the built-ins and the configuration's own. */
export function projectRegistry(config: ProjectConfig | undefined): Registry {
  return config === undefined || config.architectures.length === 0 ? createRegistry() : createRegistry({ architectures: config.architectures });
}

/** `file:line: path: message`, as the CLI prints a problem. */
export function formatConfigProblem(p: ConfigProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

function at(file: string, line: number | undefined, path: string, message: string): ConfigProblem {
  return { file, line, column: undefined, path, message };
}

/** 1-based lines of a YAML node. */
class LineOf {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  of(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    let line = 0;
    while (line + 1 < this.starts.length && this.starts[line + 1]! <= range[0]) line++;
    return line + 1;
  }
}

/** What a recipe in `dir` is checked and merged with: its project's configuration, if any, and registry. */
export interface Project {
  readonly config: ProjectConfig | undefined;
  readonly registry: Registry;
}

/** The project of a recipe's folder; without a configuration, `registry` (the built-ins by default). */
export function openProject(dir: string, registry?: Registry): Project {
  const file = findProjectConfig(dir);
  if (file === undefined) return { config: undefined, registry: registry ?? createRegistry() };
  const config = loadProjectConfig(file);
  return { config, registry: projectRegistry(config) };
}
