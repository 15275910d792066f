import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { formatText } from '../../src/format/format.js';
import { canonicalGraph } from '../../src/graph/canonical.js';
import { parse } from '../../src/parser/parse.js';
import { lower, LowerError } from '../../src/plan/lower.js';
import type { Plan } from '../../src/plan/plan.js';
import { printPlan } from '../../src/plan/print.js';
import { createRegistry } from '../../src/registry/index.js';
import type { DType } from '../../src/runtime/dtype/dtype.js';
import type { Span } from '../../src/text/span.js';
import { check } from '../../src/typecheck/check.js';
import type { CheckHost, TensorInfo } from '../../src/typecheck/host.js';

export const REGISTRY = createRegistry();

/** Every model file a recipe names exists and holds two sd1 keys: enough for lowering, small enough to be quick. */
const TENSORS: ReadonlyMap<string, TensorInfo> = new Map([
  ['model.diffusion_model.out.2.bias', { shape: [2], dtype: 'F16' }],
  ['model.diffusion_model.out.2.weight', { shape: [2, 2], dtype: 'F16' }],
]);
export const TINY_MODELS: CheckHost = {
  readModelHeader: (path) => ({ file: `${path}.safetensors`, tensors: TENSORS }),
};

/** A generous bound on one pass over one input: far above what any should take, far below a hang. */
export const PASS_BOUND_MS = 60_000;

/** Runs `run`, failing if it throws or takes longer than the bound. */
export function timed<T>(what: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  expect(performance.now() - start, `${what} took too long`).toBeLessThan(PASS_BOUND_MS);
  return result;
}

export function expectInside(span: Span, length: number, what: string): void {
  expect(span.start >= 0 && span.start <= span.end && span.end <= length, `${what}: ${JSON.stringify(span)}`).toBe(true);
}

function expectDiagnostics(diagnostics: readonly Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    expectInside(d.span, text.length, d.message);
    for (const fix of d.fixes ?? []) for (const edit of fix.edits) expectInside(edit.span, text.length, fix.title);
    // parse() turns an exception into this diagnostic; seeing it means a pass broke.
    expect(d.id, d.message).not.toBe('internal-parser-error');
  }
}

/** Parses, checks (failing on any error) and lowers a recipe, as `mechac plan` does. */
export function throughPlan(text: string): Plan {
  const parsed = parse(text);
  const checked = check(parsed.document, REGISTRY, TINY_MODELS, { text, requireFiles: true });
  const errors = [...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
  return lowerChecked(checked)!;
}

function lowerChecked(checked: ReturnType<typeof check>): Plan | undefined {
  const output = checked.graph.output;
  const arch = output === undefined ? undefined : REGISTRY.architecture(checked.types.get(output)?.arch ?? '');
  if (!arch) return undefined;
  const models = new Map([...checked.models].map(([id, m]) => [id, { path: m.path, tensors: m.tensors as ReadonlyMap<string, { shape: readonly number[]; dtype: DType }> }]));
  return lower({ graph: checked.graph, registry: REGISTRY, arch, models, types: checked.types });
}

/** What `mechac check`, `fmt`, `fmt --to v1` and `plan` do with a text, in process; the plan if one was made. */
export function throughEveryPass(text: string): Plan | undefined {
  const parsed = timed('parse', () => parse(text));
  expectDiagnostics(parsed.diagnostics, text);
  const checked = timed('check', () => check(parsed.document, REGISTRY, TINY_MODELS, { text, requireFiles: true }));
  expectDiagnostics(checked.diagnostics, text);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  timed('render', () => renderDiagnostics(diagnostics, text, 'fuzz.mecha'));
  timed('canonical form', () => canonicalGraph(checked.graph));
  for (const to of [undefined, 'v1'] as const) {
    const formatted = timed(`fmt ${to ?? ''}`, () => formatText(text, { ...(to ? { to } : {}) }));
    expectDiagnostics(formatted.diagnostics, text);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return undefined;
  try {
    const plan = timed('lower', () => lowerChecked(checked));
    if (!plan) return undefined;
    timed('print plan', () => printPlan(plan));
    return plan;
  } catch (error) {
    // A recipe can check and still not lower (a model without a key it merges): that is a LowerError, not a crash.
    if (!(error instanceof LowerError)) throw error;
    return undefined;
  }
}
