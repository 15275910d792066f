import type { Command } from 'commander';
import type { Architecture, Component } from '../../registry/architecture.js';
import type { ModelConfig } from '../../registry/model-config.js';
import { METHOD_EXAMPLES } from '../../registry/methods/examples.js';
import { renderMethod, renderMethodList } from '../../registry/methods/plain-text.js';
import { createRegistry, type Registry } from '../../registry/registry.js';
import { formatConfigProblem, openProject } from '../../project/config.js';
import type { RegisterCommand } from './index.js';

export interface InfoOptions {
  /** List the keys of every block and class, and the keys that pass through. */
  readonly verbose?: boolean;
  /** List every merge method's signature and doc. */
  readonly methods?: boolean;
}

/** Where the command writes; the CLI passes the process streams, tests collect the text. */
export interface InfoOutput {
  out(text: string): void;
  err(text: string): void;
}

const WIDTH = 100;

/**
 * `mechac info [arch] [-v] [--methods]`: the architectures, one architecture's components with their blocks and
 * classes in natural order, or the merge methods. Returns the exit code: 0, or 2 for an unknown architecture.
 */
export function runInfo(registry: Registry, arch: string | undefined, options: InfoOptions, io: InfoOutput): number {
  const lines: string[] = [];
  if (arch !== undefined) {
    const found = registry.architecture(arch);
    const config = found ? undefined : registry.config(arch);
    const method = found || config ? undefined : registry.method(arch);
    if (found) describeArchitecture(found, options.verbose ?? false, lines);
    else if (config) describeConfig(config, options.verbose ?? false, lines);
    else if (method) renderMethod(method, METHOD_EXAMPLES.get(method.name), WIDTH, lines);
    else {
      const hint = registry.suggestArchitecture(arch) ?? registry.suggestMethod(arch);
      io.err(`mechac info: '${arch}' is neither an architecture nor a merge method${hint ? `; did you mean '${hint}'?` : ''}\n`);
      io.err(
        `known architectures: ${registry
          .architectures()
          .map((a) => a.id)
          .join(', ')}\n`,
      );
      return 2;
    }
  } else if (!options.methods) {
    listArchitectures(registry, lines);
  }
  if (options.methods) {
    if (lines.length > 0) lines.push('');
    listMethods(registry, lines);
  }
  io.out(lines.join('\n') + '\n');
  return 0;
}

function listArchitectures(registry: Registry, lines: string[]): void {
  const rows = registry
    .architectures()
    .map((a) => [
      a.id,
      a.aliases.join(', ') || '-',
      a.components.map((c) => `${c.name} ${c.keys.length}`).join(', '),
      `${a.keys.size} (${a.passthroughKeys().length} pass through)`,
    ]);
  lines.push(...table(['architecture', 'aliases', 'merged components (keys)', 'keys'], rows));
  lines.push('');
  lines.push(
    `sd-mecha 1.x model configs: ${registry
      .configs()
      .map((c) => c.id)
      .join(', ')}`,
  );
  lines.push('`mechac info <architecture>` shows its blocks and classes; `--methods` lists the merge methods.');
}

function describeArchitecture(a: Architecture, verbose: boolean, lines: string[]): void {
  lines.push(`${a.id}: ${a.description}`);
  if (a.aliases.length > 0) lines.push(`aliases: ${a.aliases.join(', ')}`);
  const config = a.config;
  if (config) lines.push(`sd-mecha 1.x config: ${config.id} (${config.components.map((c) => c.name).join(', ')})`);
  lines.push(`keys: ${a.keys.size} (${a.mergedKeys().length} merged, ${a.passthroughKeys().length} pass through)`);
  for (const c of a.components) {
    lines.push('');
    describeComponent(a, c, verbose, lines);
  }
  if (a.mbw) {
    lines.push('');
    lines.push(
      ...wrap(
        `mbw(${a.id}, "...") takes ${a.mbw.length} values: `,
        a.mbw.map((s) => s.label),
      ),
    );
  }
  if (verbose) {
    lines.push('');
    lines.push(`pass through (${a.passthroughKeys().length} keys):`);
    for (const k of a.passthroughKeys()) lines.push(`  ${k}`);
  }
}

function describeComponent(a: Architecture, c: Component, verbose: boolean, lines: string[]): void {
  lines.push(`${a.id}.${c.name}${c.description ? `: ${c.description}` : ''}`);
  lines.push(`  prefix: ${c.prefix}`);
  lines.push(`  keys: ${c.keys.length}`);
  lines.push(...wrap(`  blocks (${c.blocks.length}): `, c.blocks));
  lines.push(...wrap(`  classes (${c.classes.length}): `, c.classes));
  if (!verbose) return;
  for (const b of c.blocks) {
    const keys = a.keysOfBlock(c.name, b);
    lines.push(`  block ${b} (${keys.length} keys):`);
    for (const k of keys) lines.push(`    ${k}`);
  }
  for (const cls of c.classes) {
    const keys = a.keysOfClass(c.name, cls);
    lines.push(`  class ${cls} (${keys.length} keys):`);
    for (const k of keys) lines.push(`    ${k}`);
  }
}

function describeConfig(config: ModelConfig, verbose: boolean, lines: string[]): void {
  lines.push(`${config.id}: sd-mecha 1.x model config: ${config.description}`);
  for (const c of config.components) {
    lines.push(`  ${c.name}: ${c.keys.length} key(s)`);
    if (verbose) for (const k of c.keys) lines.push(`    ${k}`);
  }
}

function listMethods(registry: Registry, lines: string[]): void {
  lines.push(...renderMethodList(registry.methods(), METHOD_EXAMPLES, WIDTH));
  lines.push('');
  lines.push('# per-key hyperparameters');
  for (const h of registry.hyperBuiltins()) {
    lines.push('');
    lines.push(h.signature);
    lines.push(...wrapText('    ', h.doc));
  }
}

/** Words after a label, wrapped under it. */
function wrap(label: string, words: readonly string[]): string[] {
  const out: string[] = [];
  let line = label;
  const indent = ' '.repeat(label.length);
  for (const w of words) {
    if (line.length + w.length + 1 > WIDTH && line.trim() !== label.trim()) {
      out.push(line.trimEnd());
      line = indent;
    }
    line += `${w} `;
  }
  out.push(line.trimEnd());
  return out;
}

function wrapText(indent: string, text: string): string[] {
  return wrap(indent, text.split(/\s+/));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export const registerInfo: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('info')
    .description('list architectures; for one, its components, blocks and classes')
    .argument('[arch]', 'an architecture (sd1, sdxl, ...), sd-mecha 1.x config (sd1-ldm, ...) or merge method (weighted_sum, ...)')
    .option('-v, --verbose', 'list the keys of every block and class')
    .option('--methods', 'list every merge method with its signature and doc')
    .action((arch: string | undefined, opts: { verbose?: boolean; methods?: boolean }) => {
      const io: InfoOutput = {
        out: (text) => void process.stdout.write(text),
        err: (text) => void process.stderr.write(text),
      };
      // The architectures of the project the command runs in (mecha.config.json) are listed with the built-in ones.
      const project = openProject(process.cwd());
      for (const problem of project.config?.problems ?? []) io.err(`${formatConfigProblem(problem)}\n`);
      setExitCode(runInfo(project.registry, arch, { verbose: opts.verbose, methods: opts.methods }, io));
    });
};
