/**
 * Language service latency while typing in a 1,000-line recipe: each step edits one line (a method name retyped
 * letter by letter, a digit typed into a value), sends the new text, then asks for diagnostics, completion at the
 * cursor and hover over the line's method, as an editor does after a keystroke. Reports p50 and p95 per request
 * kind (target: < 50 ms p95), in that order and with completion asked first.
 * Run with `npx tsx bench/service.ts`, or `node dist/bench/service.js` after `npm run build`.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '../src/registry/index.js';
import { createLanguageService } from '../src/service/service.js';
import { generateCheckedLegacy, generateCheckedV1 } from './check.js';

interface Edit {
  readonly text: string;
  /** Where the cursor is after the edit. */
  readonly cursor: number;
  /** Where the line's method name is, for hover. */
  readonly hover: number;
}

/** A small deterministic generator, so every run types the same keystrokes. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The keystrokes: on lines spread over the file, the method name is deleted and typed again one letter at a time
 * (every state in between is an unknown method), then a digit is typed into the line's first number.
 */
export function typingSession(text: string, lines: number, seed = 1): Edit[] {
  const next = random(seed);
  const edits: Edit[] = [];
  let current = text;
  const methodRe = /(merge ")?\b(weighted_sum|add_difference|slerp|subtract)\b/;
  for (let n = 0; n < lines; n++) {
    const starts = lineStarts(current);
    const line = 10 + Math.floor(next() * (starts.length - 12));
    const start = starts[line]!;
    const end = current.indexOf('\n', start);
    const lineText = current.slice(start, end);
    const m = methodRe.exec(lineText);
    if (!m) continue;
    const name = m[2]!;
    const at = start + m.index + (m[1]?.length ?? 0);
    const without = current.slice(0, at) + current.slice(at + name.length);
    for (let k = 0; k <= name.length; k++) {
      current = without.slice(0, at) + name.slice(0, k) + without.slice(at);
      edits.push({ text: current, cursor: at + k, hover: at });
    }
    const digit = /\d/.exec(current.slice(at, end));
    if (digit) {
      const d = at + digit.index + 1;
      current = current.slice(0, d) + '5' + current.slice(d);
      edits.push({ text: current, cursor: d + 1, hover: at });
    }
  }
  return edits;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Latency {
  readonly kind: string;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** CPU time of the process for the request, p95: what the request costs, whatever else shares the machine. */
  readonly cpuP95: number;
}

/**
 * Types the session into a fresh service and times every request. `diagnostics-first` is the order of the target
 * (diagnostics, completion, hover after each keystroke); `completion-first` is an editor that asks for completion
 * while it holds diagnostics back until typing pauses.
 */
export function measure(
  text: string,
  edits: readonly Edit[],
  order: 'diagnostics-first' | 'completion-first',
): Latency[] {
  const service = createLanguageService({ registry: createRegistry() });
  const uri = 'file:///bench.mecha';
  service.setDocument(uri, text, 0);
  service.diagnostics(uri);
  const times = new Map<string, { wall: number[]; cpu: number[] }>();
  const record = (kind: string, wall: number, cpu: number) => {
    const entry = times.get(kind) ?? { wall: [], cpu: [] };
    entry.wall.push(wall);
    entry.cpu.push(cpu);
    times.set(kind, entry);
  };
  let cpuTotal = 0;
  const time = (kind: string, run: () => unknown): number => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1000;
    record(kind, ms, cpu);
    cpuTotal += cpu;
    return ms;
  };
  edits.forEach((edit, i) => {
    cpuTotal = 0;
    let total = time('setDocument', () => service.setDocument(uri, edit.text, i + 1));
    if (order === 'diagnostics-first') total += time('diagnostics', () => service.diagnostics(uri));
    total += time('completion', () => service.completions(uri, edit.cursor));
    total += time('hover', () => service.hover(uri, edit.hover));
    if (order === 'completion-first') total += time('diagnostics', () => service.diagnostics(uri));
    record('keystroke (all four)', total, cpuTotal);
  });
  return [...times].map(([kind, { wall, cpu }]) => ({
    kind,
    p50: percentile(wall, 50),
    p95: percentile(wall, 95),
    max: Math.max(...wall),
    cpuP95: percentile(cpu, 95),
  }));
}

function report(name: string, text: string): void {
  const edits = typingSession(text, 40);
  const lines = text.split('\n').length - 1;
  process.stdout.write(`\n${name}: ${lines} lines, ${edits.length} keystrokes\n`);
  for (const order of ['diagnostics-first', 'completion-first'] as const) {
    // A first pass over the same keystrokes warms the JIT (an editor session runs for long); the second is reported.
    measure(text, edits, order);
    const rows = measure(text, edits, order);
    process.stdout.write(`\n${order}\n\n| request | p50 ms | p95 ms | max ms | p95 cpu ms |\n|---|---|---|---|---|\n`);
    for (const r of rows) {
      const cells = [r.p50, r.p95, r.max, r.cpuP95].map((v) => v.toFixed(1)).join(' | ');
      process.stdout.write(`| ${r.kind} | ${cells} |\n`);
    }
  }
}

/** The language service's figures while typing in 1,000-line recipes. */
export function runServiceBench(): void {
  process.stdout.write('language service while typing (target: every request < 50 ms p95 on a 1,000-line recipe)\n');
  report('v1', generateCheckedV1(1000));
  report('sd-mecha 0.0.x', generateCheckedLegacy(1000));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runServiceBench();
