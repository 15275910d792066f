/**
 * Parser speed: the median time to parse generated 1,000-line recipes (v1 and legacy) after warm-up, and one
 * parse of a 10 MB file. Run with `npx tsx bench/parse.ts`, or `node dist/bench/parse.js` after `npm run build`.
 * It prints figures; tests never assert timings.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse } from '../src/parser/parse.js';

/** A v1 recipe of `lines` lines: models, then bindings that call methods, with blocks and pipes. */
export function generateV1(lines: number): string {
  const out = ['version 1', '# generated for the parser benchmark'];
  const models = Math.max(2, Math.floor(lines / 10));
  for (let i = 0; i < models; i++) out.push(`model m${i} = "checkpoint_${i}" : sd1`);
  let previous = 'm0';
  for (let i = 0; out.length < lines - 1; i++) {
    const other = `m${i % models}`;
    switch (i % 3) {
      case 0:
        out.push(`let v${i} = weighted_sum(${previous}, ${other}, alpha=0.${(i % 9) + 1})   # step ${i}`);
        break;
      case 1:
        out.push(
          `let v${i} = add_difference(${previous}, subtract(${other}, m0), alpha=blocks(sd1.unet, in*=0.7, out11=0.1) | default(sd1, 0.5))`,
        );
        break;
      default:
        out.push(`let v${i} = ties_sum(${previous}, ${other}, m1, k=0.2, vote_sgn=true)`);
    }
    previous = `v${i}`;
  }
  out.push(`output ${previous}`);
  return out.join('\n') + '\n';
}

/** An sd-mecha 0.0.x recipe of `lines` lines, each referring to earlier ones. */
export function generateLegacy(lines: number): string {
  const out: string[] = [];
  const models = Math.max(2, Math.floor(lines / 10));
  for (let i = 0; i < models; i++) out.push(`model "checkpoint_${i}" "sd1" "base"`);
  while (out.length < lines) {
    const n = out.length;
    if (n % 4 === 0) out.push(`dict sd1_unet_block_in2=0.75 sd1_unet_default=0.33 sd1_txt_default=0.5`);
    else if (n % 4 === 1) out.push(`merge "weighted_sum" &${n - 1 - (n % 7)} &${n % models} alpha=&${n - 1}`);
    else out.push(`merge "add_difference" &${n - 1} &${n % models} alpha=0.${n % 9} beta=1e-06`);
  }
  return out.join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Timing {
  readonly median: number;
  readonly min: number;
  /** CPU time of the process, less disturbed than wall time when other work shares the machine. */
  readonly cpuMedian: number;
  readonly diagnostics: number;
}

function time(text: string, runs: number, warmup: number): Timing {
  let diagnostics = 0;
  for (let i = 0; i < warmup; i++) diagnostics = parse(text).diagnostics.length;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parse(text);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { median: median(wall), min: Math.min(...wall), cpuMedian: median(cpu), diagnostics };
}

function report(name: string, text: string, runs: number, warmup: number): void {
  const lines = text.split('\n').length - 1;
  const r = time(text, runs, warmup);
  const kb = (text.length / 1024).toFixed(0);
  const ms = (x: number): string => x.toFixed(2).padStart(9);
  console.log(
    `${name.padEnd(28)} ${String(lines).padStart(7)} lines ${kb.padStart(6)} KB  median ${ms(r.median)} ms  ` +
      `min ${ms(r.min)} ms  cpu median ${ms(r.cpuMedian)} ms  (${runs} runs, ${r.diagnostics} diagnostics)`,
  );
}

/** The parser's figures: 1,000-line recipes of both main dialects, and large files. */
export function runParseBench(): void {
  report('v1, 1,000 lines', generateV1(1000), 51, 30);
  report('legacy 0.0.x, 1,000 lines', generateLegacy(1000), 51, 30);
  const line = 'let x = weighted_sum(a, b, alpha=@)\n';
  const errors = 'version 1\n' + line.repeat(Math.ceil((1024 * 1024) / line.length));
  report('v1, 1 MB, an error per line', errors, 5, 1);
  const v1 = generateV1(1000);
  report('v1, 10 MB', v1.repeat(Math.ceil((10 * 1024 * 1024) / v1.length)).replace(/\nversion 1\n/g, '\n'), 1, 0);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runParseBench();
