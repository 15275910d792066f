import { CHECK } from '../../diagnostics/codes/check.js';
import { SINGLETON_CONFIG_ID } from '../../registry/model-config.js';
import type { Rule } from '../context.js';

/**
 * Dict keys that mean nothing where they are used. An sd-mecha 0.0.x dict is read by its keys' shape
 * (`sd1_unet_block_in2`); any other key is ignored, which is worth a warning. An sd-mecha 0.1.0 dict is a literal's
 * value: under `singleton-mecha` its one key is `key`, under a model config its keys are that model's tensors.
 */
export const dictKeysRule: Rule = (context) => ({
  map(map, owner) {
    if (map.source !== 'dict') return;
    const configs = new Set<string>();
    for (const consumer of context.consumers(owner.id)) {
      const node = context.graph.nodes[consumer];
      if (node?.kind === 'literal' && node.config !== undefined) configs.add(node.config);
    }
    for (const entry of map.entries) {
      if (entry.kind !== 'key') continue;
      if (context.dialect === 'legacy') {
        context.report(CHECK.UnknownDictKey, entry.nameSpan, { name: entry.name }, {
          help: 'keys are <arch>_<component>_default, <arch>_<component>_block_<block> or <arch>_<component>_class_<class>, as sd1_unet_block_in2',
        });
        continue;
      }
      for (const id of configs) {
        const config = context.registry.config(id);
        if (!config || config.componentOf(entry.name) !== undefined) continue;
        const singleton = config.id === SINGLETON_CONFIG_ID;
        context.report(CHECK.UnknownTensorKey, entry.nameSpan, { config: config.id, name: entry.name }, {
          help: singleton
            ? "a singleton-mecha literal holds one value, under the key 'key'"
            : `\`mechac info ${config.id} -v\` lists its keys`,
        });
      }
    }
  },
});
