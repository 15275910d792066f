import { MERGE_SPACES, type MethodSignature } from './signature.js';
import { SINGLETON_CONFIG_ID } from '../model-config.js';

/** sd-mecha 1.x plumbing that `version 0.1.0` recipes are written with. */

const FAMILY = 'helpers';

export const HELPER_METHODS: readonly MethodSignature[] = [
  {
    name: 'fallback',
    aliases: [],
    family: FAMILY,
    models: [
      { name: 'a', space: 's' },
      { name: 'default', space: 's' },
    ],
    spaceVariable: MERGE_SPACES,
    returns: 's',
    hypers: [],
    doc:
      'Per key, the first input that has the key: the value of a where a has it, of default otherwise. sd-mecha ' +
      '1.x recipes often end with fallback(merged, base) so that keys the merge left out (a component it skipped, ' +
      'keys some inputs lack) still reach the output.',
  },
  {
    name: 'convert_singleton',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'singleton', space: 's', config: SINGLETON_CONFIG_ID }],
    spaceVariable: MERGE_SPACES,
    returns: 's',
    returnsAnyArchitecture: true,
    hypers: [],
    doc:
      'Spreads a singleton-mecha value (one value under the single key `key`, usually a literal number or a ' +
      'literal dict of per-block values) over every key of the config its consumer expects: each output key gets ' +
      'that value. sd-mecha 1.x writes every hyperparameter of a 0.1.0 recipe through it.',
  },
  {
    name: 'literal',
    aliases: [],
    family: FAMILY,
    models: [{ name: 'value', space: 'param', doc: 'a number, a string, or a dict (`&N` of a `dict` line)' }],
    returns: { fromHyper: 'merge_space' },
    returnsAnyArchitecture: true,
    hypers: [
      {
        name: 'model_config',
        type: 'string',
        default: null,
        doc: 'the config the value is tagged with (`singleton-mecha`)',
      },
      {
        name: 'merge_space',
        type: 'string',
        default: null,
        values: MERGE_SPACES,
        doc: 'the space the value is tagged with',
      },
    ],
    doc:
      'A constant turned into a recipe node: a number, a string or a dict of values, tagged with a model config ' +
      'and a merge space. In 0.1.0 recipes, `literal &2 model_config="singleton-mecha" merge_space="param"` wraps ' +
      'the dict on line 2 so that convert_singleton can spread it over the keys of a model.',
  },
];
