import { dtypeSize } from '../runtime/dtype/dtype.js';
import type { HyperValue } from '../runtime/methods/kernel.js';
import { elementsOf, isStreamable, isWindowable, keyMemory, largestKeyMemory } from './memory.js';
import type { ComputeKey, Plan, PlanLoad } from './plan.js';
import { LORA_STEP } from '../runtime/lora/lora-delta.js';

/** A plan as people read it (`mechac plan`): the inputs, a summary, then one line per output key. */
export function printPlan(plan: Plan, options: { readonly keys?: boolean; readonly memoryBudget?: number } = {}): string {
  const lines: string[] = [];
  const names = inputLabels(plan);
  lines.push('inputs:');
  plan.inputs.forEach((input, i) => lines.push(`  ${names[i]} = ${input.path}`));
  const computed = plan.keys.filter((k): k is ComputeKey => k.kind === 'compute');
  const copies = plan.keys.length - computed.length;
  const streamed = computed.filter((k) => isStreamable(k, plan.workDtype)).length;
  const windowed = computed.filter((k) => !isStreamable(k, plan.workDtype) && isWindowable(k, plan.workDtype)).length;
  const outputBytes = plan.keys.reduce((sum, k) => sum + elementsOf(k.shape) * dtypeSize(k.dtype), 0);
  const largest = largestKeyMemory(plan);
  lines.push(
    `keys: ${plan.keys.length} (${computed.length} merged, ${streamed} of them streamed in chunks, ${windowed} in windows; ${copies} copied)`,
    `output: ${formatBytes(outputBytes)}, work dtype ${plan.workDtype}`,
    `peak memory per key: ${formatBytes(largest.bytes)} (${largest.key || 'none'}); the executor keeps the keys in flight within its budget`,
  );
  if (options.memoryBudget !== undefined) lines.push(...overBudget(plan, computed, options.memoryBudget));
  if (options.keys === false) return lines.join('\n') + '\n';
  lines.push('', 'keys:');
  for (const key of plan.keys) {
    const head = `  ${key.name} [${key.shape.join(', ')}] ${key.dtype}`;
    if (key.kind === 'copy') {
      lines.push(`${head} = copy ${names[key.input]}${key.sourceKey === key.name ? '' : `["${key.sourceKey}"]`}`);
    } else {
      lines.push(`${head} = ${programText(key, names)}  (${formatBytes(keyMemory(key, plan.workDtype))})`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A warning when some keys need whole tensors beyond the budget: they run alone, and the run's peak goes past it. */
function overBudget(plan: Plan, computed: readonly ComputeKey[], budget: number): string[] {
  const over = computed.filter((k) => keyMemory(k, plan.workDtype) > budget);
  if (over.length === 0) return [];
  const largest = largestKeyMemory(plan);
  return [
    `warning: ${over.length} key${over.length === 1 ? '' : 's'} need${over.length === 1 ? 's' : ''} whole tensors beyond the memory budget of ` +
      `${formatBytes(budget)} (largest ${largest.key}: ${formatBytes(largest.bytes)}); each runs alone and the peak exceeds the budget`,
  ];
}

/** Short names for the inputs: their file names without extension, made unique. */
function inputLabels(plan: Plan): string[] {
  const used = new Map<string, number>();
  return plan.inputs.map((input) => {
    const base = (input.name.split(/[\\/]/).pop() ?? input.name).replace(/\.safetensors$/, '');
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}#${n + 1}`;
  });
}

/** Programs nested no deeper than this print as one expression; deeper or shared values print as numbered steps. */
const MAX_NESTED_STEPS = 8;

/**
 * The program as one nested expression, `weighted_sum(a, b; alpha=0.33)`, when that stays short: every step used
 * once and at most a few deep. Otherwise its steps in order, `$2 where $1 = ..., $2 = weighted_sum($1, c)`, so that
 * a long chain or a value used twice never multiplies the text.
 */
function programText(key: ComputeKey, names: readonly string[]): string {
  const { loads, steps, result } = key.program;
  const uses = new Array<number>(steps.length).fill(0);
  const depth = new Array<number>(steps.length).fill(0);
  let nested = steps.length <= MAX_NESTED_STEPS * MAX_NESTED_STEPS;
  steps.forEach((step, i) => {
    for (const arg of step.args) {
      if (arg < loads.length) continue;
      const at = arg - loads.length;
      depth[i] = Math.max(depth[i]!, depth[at]! + 1);
      if (++uses[at]! > 1) nested = false;
    }
    if (depth[i]! >= MAX_NESTED_STEPS) nested = false;
  });
  const call = (step: ComputeKey['program']['steps'][number], argText: (value: number) => string): string => {
    if (step.method === LORA_STEP) return loraText(step.args.map((a) => loads[a]!), names);
    const hypers = Object.entries(step.hypers).map(([k, v]) => `${k}=${formatHyper(v)}`);
    return `${step.method}(${step.args.map(argText).join(', ')}${hypers.length ? `; ${hypers.join(', ')}` : ''})`;
  };
  const loadText = (value: number): string => names[loads[value]!.input]!;
  if (nested) {
    // Steps only read earlier values, so building their texts in order needs no recursion.
    const texts: string[] = [];
    for (const step of steps) texts.push(call(step, (v) => (v < loads.length ? loadText(v) : texts[v - loads.length]!)));
    return result < loads.length ? loadText(result) : texts[result - loads.length]!;
  }
  const ref = (v: number): string => (v < loads.length ? loadText(v) : `$${v - loads.length + 1}`);
  const listed = steps.map((step, i) => `$${i + 1} = ${call(step, ref)}`);
  return `${ref(result)} where ${listed.join(', ')}`;
}

/** A LoRA product by the modules it multiplies out: `lora(style["lora_unet_..._proj_in"])`. */
function loraText(factors: readonly PlanLoad[], names: readonly string[]): string {
  const modules = [...new Set(factors.map((f) => f.key.replace(/\.(?:lora_up\.weight|lora_down\.weight|lora_B\.weight|lora_A\.weight|alpha)$/, '')))];
  return `lora(${names[factors[0]!.input]!}[${modules.map((m) => JSON.stringify(m)).join(', ')}])`;
}

function formatHyper(v: HyperValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return JSON.stringify(v);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
