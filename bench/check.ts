/**
 * Checker speed: the median time to parse and type-check generated 1,000-line recipes (v1 and sd-mecha 0.0.x),
 * without a file host, after warm-up; the target for `mechac check` is under 200 ms including the parse.
 * Run with `npx tsx bench/check.ts`, or `node dist/bench/check.js` after `npm run build`. Tests never assert timings.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from '../src/parser/parse.js';
import { createRegistry } from '../src/registry/index.js';
import { check } from '../src/typecheck/check.js';

/**
 * A well-typed v1 recipe of `lines` lines: sd1 models, then bindings mixing full-model and delta methods with
 * per-block, per-class and SuperMerger hyperparameters, so every rule has work to do.
 */
export function generateCheckedV1(lines: number): string {
  const out = ['version 1', '# generated for the checker benchmark'];
  const models = Math.max(3, Math.floor(lines / 10));
  for (let i = 0; i < models; i++) out.push(`model m${i} = "checkpoint_${i}" : sd1`);
  out.push('let mix = blocks(sd1.unet, in*=0.3, mid=0.5, out*=0.7) | classes(sd1.txt, mlp_fc1=0.4) | default(sd1, 0.5)');
  let previous = 'm0';
  for (let i = 0; out.length < lines - 1; i++) {
    const other = `m${(i % (models - 1)) + 1}`;
    switch (i % 4) {
      case 0:
        out.push(`let v${i} = weighted_sum(${previous}, ${other}, alpha=mix)   # step ${i}`);
        break;
      case 1:
        out.push(`let v${i} = add_difference(${previous}, subtract(${other}, m0), alpha=blocks(sd1.unet, in2=0.75, out11=0.1))`);
        break;
      case 2:
        out.push(`let v${i} = add_difference(${previous}, ties_sum(subtract(${other}, m0), subtract(m1, m0), k=0.2, vote_sgn=true))`);
        break;
      default:
        out.push(
          `let v${i} = slerp(${previous}, ${other}, alpha=mbw(sd1, "0,0,0,0,0,0,0,0,0,0,0,0,0,0.5,1,1,1,1,1,1,1,1,1,1,1,1"))`,
        );
    }
    previous = `v${i}`;
  }
  out.push(`output ${previous}`);
  return out.join('\n') + '\n';
}

/** An sd-mecha 0.0.x recipe of `lines` lines, each line referring to earlier ones. */
export function generateCheckedLegacy(lines: number): string {
  const out: string[] = [];
  const models = Math.max(3, Math.floor(lines / 10));
  for (let i = 0; i < models; i++) out.push(`model "checkpoint_${i}" "sd1" "base"`);
  let previous = 0;
  while (out.length < lines) {
    const n = out.length;
    const other = (n % (models - 1)) + 1;
    if (n % 3 === 0) {
      out.push('dict sd1_unet_block_in2=0.75 sd1_unet_default=0.33 sd1_txt_default=0.5');
      out.push(`merge "weighted_sum" &${previous} &${other} alpha=&${n}`);
      previous = n + 1;
    } else {
      out.push(`merge "subtract" &${other} &0`);
      out.push(`merge "add_difference" &${previous} &${n} alpha=0.${n % 9}`);
      previous = n + 1;
    }
  }
  return out.join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Timing {
  /** Wall time, median. */
  readonly total: number;
  /** CPU time of the process, median: steadier than wall time when other work shares the machine. */
  readonly cpu: number;
  readonly parse: number;
  readonly check: number;
  readonly diagnostics: number;
}

export function timeCheck(text: string, runs = 15): Timing {
  const registry = createRegistry();
  const totals: number[] = [];
  const parses: number[] = [];
  const checks: number[] = [];
  const cpus: number[] = [];
  let diagnostics = 0;
  for (let r = -3; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const parsed = parse(text);
    const t1 = performance.now();
    const result = check(parsed.document, registry, undefined, { text });
    const t2 = performance.now();
    const cpu = process.cpuUsage(c0);
    diagnostics = parsed.diagnostics.length + result.diagnostics.length;
    if (r < 0) continue; // warm-up
    totals.push(t2 - t0);
    parses.push(t1 - t0);
    checks.push(t2 - t1);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { total: median(totals), cpu: median(cpus), parse: median(parses), check: median(checks), diagnostics };
}

function report(name: string, text: string): void {
  const t = timeCheck(text);
  const lines = text.split('\n').length - 1;
  process.stdout.write(
    `${name.padEnd(22)} ${String(lines).padStart(5)} lines  parse+check ${t.total.toFixed(1).padStart(6)} ms ` +
      `(parse ${t.parse.toFixed(1)} ms, check ${t.check.toFixed(1)} ms; cpu ${t.cpu.toFixed(1)} ms), ${t.diagnostics} diagnostics\n`,
  );
}

/** `mechac check`'s figures on 1,000-line recipes. */
export function runCheckBench(): void {
  process.stdout.write('mechac check, median of 15 runs after 3 warm-up runs (target: < 200 ms per 1,000 lines)\n');
  report('v1', generateCheckedV1(1000));
  report('sd-mecha 0.0.x', generateCheckedLegacy(1000));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runCheckBench();
