/**
 * The v1 functions that build per-key hyperparameters (`hyper<A>`): not merge methods, but called like them, so
 * the editor completes and documents them alongside.
 */

export type HyperBuiltinParamKind =
  /** An architecture name: `sd1`. */
  | 'architecture'
  /** A component of an architecture: `sd1.unet`. */
  | 'component'
  /** Either of the two. */
  | 'architecture-or-component'
  | 'number'
  | 'string'
  /** Any number of `name=value` entries, names checked against the component (`in2=0.5`, `out*=0.1`). */
  | 'entries';

export interface HyperBuiltinParam {
  readonly name: string;
  readonly kind: HyperBuiltinParamKind;
  readonly doc: string;
}

export interface HyperBuiltin {
  readonly name: string;
  readonly params: readonly HyperBuiltinParam[];
  /** How it reads in a signature help popup. */
  readonly signature: string;
  readonly doc: string;
}

export const HYPER_BUILTINS: readonly HyperBuiltin[] = [
  {
    name: 'blocks',
    params: [
      { name: 'component', kind: 'component', doc: 'whose blocks are set, e.g. `sd1.unet`' },
      { name: 'entries', kind: 'entries', doc: 'block=value; a `*` pattern (`out*=0.1`) sets every matching block' },
    ],
    signature: 'blocks(component: A.c, block=number, ...) -> hyper<A>',
    doc:
      'Values per block of one component: blocks(sd1.unet, in2=0.75, out*=0.1). A key takes the mean of the values ' +
      'set for the blocks it belongs to (time_embed belongs to many); keys of no set block fall back to the ' +
      "component's default, then to the method's default.",
  },
  {
    name: 'classes',
    params: [
      { name: 'component', kind: 'component', doc: 'whose classes are set, e.g. `sd1.txt`' },
      { name: 'entries', kind: 'entries', doc: 'class=value, e.g. `mlp_fc1=0.5`' },
    ],
    signature: 'classes(component: A.c, class=number, ...) -> hyper<A>',
    doc:
      'Values per layer class of one component: classes(sd1.txt, mlp_fc1=0.5). Every merged key has exactly one ' +
      'class (its layer type, such as attn1_to_q or in_layers_0); `mechac info A` lists them. A key whose class and ' +
      'blocks are both set takes the mean of all the values that apply.',
  },
  {
    name: 'default',
    params: [
      {
        name: 'target',
        kind: 'architecture-or-component',
        doc: 'an architecture (all its components) or one component',
      },
      { name: 'value', kind: 'number', doc: 'the value' },
    ],
    signature: 'default(target: A | A.c, value: number) -> hyper<A>',
    doc:
      'A value for every key of an architecture, or of one component, that no block or class entry covers: ' +
      'default(sd1, 0.5) or default(sd1.txt, 0.3). Join maps with |; where both sides set an entry, the right one wins.',
  },
  {
    name: 'mbw',
    params: [
      { name: 'architecture', kind: 'architecture', doc: 'an architecture with a SuperMerger layout (sd1, sdxl)' },
      { name: 'values', kind: 'string', doc: 'comma-separated numbers in SuperMerger order' },
    ],
    signature: 'mbw(architecture: A, values: string) -> hyper<A>',
    doc:
      'SuperMerger\'s block-weight list as it is: mbw(sd1, "0.5,0.5,...") with 26 values for sd1 (BASE, IN00..IN11, ' +
      'M00, OUT00..OUT11) or 20 for sdxl (BASE, IN00..IN08, M00, OUT00..OUT08). BASE sets the text encoders; the ' +
      'others set the matching unet blocks.',
  },
];
