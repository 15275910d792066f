import { CHECK } from '../../diagnostics/codes/check.js';
import { groupLoraTensors } from '../../lora/lora-tensors.js';
import { readLoraInput } from '../../lora/lora-input.js';
import { deltaFits } from '../../lora/delta-shape.js';
import type { Rule } from '../context.js';
import { article } from '../describe.js';
import { isHeaderError } from '../host.js';
import { quote, replaceFix } from '../fixes.js';

/** Problems of one LoRA file reported one by one; past this many, the first ones are enough to act on. */
const MAX_REPORTED = 5;

/**
 * LoRA files against what the recipe says of them, from their headers: a LoRA declared as a full model, a file
 * declared a LoRA that is none or is one for another architecture, factors that do not fit together (an up without
 * its down, ranks that differ, modules no checkpoint key has), and deltas whose shape is not the key's in the
 * recipe's first checkpoint of the same architecture.
 */
export const loraFileRule: Rule = (context) => ({
  model(node) {
    const file = context.file(node.id);
    if (!file || isHeaderError(file.header)) return;
    const type = context.typeOf(node.id);
    if (type.space !== 'lora') {
      if (file.lora && (type.space === 'weight' || type.space === 'delta')) {
        // The written space becomes `lora` (quoted in legacy recipes).
        const written = context.source.parts(node).space;
        const fixes = written ? [replaceFix("Change to 'lora'", written.span, written.quoted ? quote('lora') : 'lora')] : undefined;
        context.report(CHECK.LoraDeclaredAsModel, written?.span ?? node.pathSpan, {
          path: node.path,
          arch: file.lora.arch,
          declared: type.space === 'weight' ? 'a full model' : 'a delta',
        }, fixes ? { fixes } : { help: `declare it \`: ${file.lora.arch} lora\`` });
      }
      return;
    }
    const arch = type.arch === undefined ? undefined : context.registry.architecture(type.arch);
    if (!arch) return;
    const tensors = file.header.tensors;
    if (!groupLoraTensors(tensors.keys())) {
      const detection = file.detection;
      context.report(CHECK.NotALora, node.pathSpan, { path: node.path }, {
        ...(detection && !('unknown' in detection) ? { help: `its keys are ${article(detection.arch)} ${detection.arch} checkpoint` } : {}),
      });
      return;
    }
    if (file.lora && file.lora.arch !== arch.id) {
      context.report(CHECK.LoraArchitectureMismatch, node.pathSpan, { path: node.path, declared: `${article(arch.id)} ${arch.id}`, detected: file.lora.arch });
      return;
    }
    const read = readLoraInput(context.registry, arch, tensors);
    for (const problem of read.problems.slice(0, MAX_REPORTED)) {
      context.report(CHECK.LoraFactorProblem, node.pathSpan, { path: node.path, problem: problem.message });
    }
    if (!read.source) return;
    // The first checkpoint of the same architecture the recipe reads says what shape each key has.
    const other = context.graph.nodes.find((n) => {
      if (n.kind !== 'model' || n.id === node.id) return false;
      const f = context.file(n.id);
      return f !== undefined && !isHeaderError(f.header) && !f.lora && context.typeOf(n.id).space !== 'lora' && context.typeOf(n.id).arch === arch.id;
    });
    const otherHeader = other && context.file(other.id)!.header;
    if (!other || other.kind !== 'model' || !otherHeader || isHeaderError(otherHeader)) return;
    const byCanonical = new Map<string, readonly number[]>();
    for (const [name, t] of otherHeader.tensors) byCanonical.set(arch.canonicalKey(name) ?? name, t.shape);
    let reported = 0;
    for (const delta of read.source.deltas.values()) {
      const expected = byCanonical.get(delta.key);
      if (!expected || deltaFits(delta.shape, expected)) continue;
      if (reported++ >= MAX_REPORTED) break;
      context.report(CHECK.LoraShapeMismatch, node.pathSpan, {
        path: node.path,
        module: delta.modules.join("', '"),
        shape: delta.shape.join(', '),
        key: delta.key,
        expected: expected.join(', '),
        other: other.path,
      });
    }
  },
});
