import { CHECK } from '../../diagnostics/codes/check.js';
import type { Rule } from '../context.js';
import { isHeaderError } from '../host.js';

/**
 * A model file that cannot be found in any models directory (a warning when checking, an error when running),
 * that is a named pipe, device or directory where a file belongs, or that is not a safetensors file. Without a
 * host, files are not checked.
 */
export const modelFileRule: Rule = (context) => ({
  model(node) {
    const header = context.file(node.id)?.header;
    if (!header || !isHeaderError(header)) return;
    if (header.error === 'not-found') {
      context.report(CHECK.ModelNotFound, node.pathSpan, { path: node.path }, {
        help: header.message,
        ...(context.options.requireFiles ? { severity: 'error' } : {}),
      });
    } else if (header.error === 'not-a-file') {
      context.report(CHECK.ModelNotAFile, node.pathSpan, { path: node.path, reason: header.message }, {
        help: 'a model is a .safetensors file, or a folder of shards with model.safetensors.index.json; named pipes and devices are not opened',
      });
    } else {
      context.report(CHECK.NotSafetensors, node.pathSpan, { path: node.path, reason: header.message }, {
        help: 'mecha reads .safetensors files (or a folder of shards with model.safetensors.index.json); convert .ckpt files first',
      });
    }
  },
});
