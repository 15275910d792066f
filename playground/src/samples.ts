// The samples are the project's own fixtures, so the playground shows exactly what the tests check.
import weightedSum from '../../test/fixtures/recipes/01-weighted-sum.mecha?raw';
import blockWeights from '../../test/fixtures/recipes/02-block-weights.mecha?raw';
import addDifference from '../../test/fixtures/recipes/03-add-difference.mecha?raw';
import ties from '../../test/fixtures/recipes/04-ties.mecha?raw';
import template from '../../test/fixtures/recipes/05-template.mecha?raw';
import legacyBlocks from '../../test/fixtures/golden/sd1-tiny/cases/weighted_sum_blocks/recipe.mecha?raw';
import legacyTies from '../../test/fixtures/golden/sd1-tiny/cases/ties_sum/recipe.mecha?raw';

export interface Sample {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export const SAMPLES: readonly Sample[] = [
  { id: 'weighted-sum', title: 'Weighted sum', text: weightedSum },
  { id: 'block-weights', title: 'Block weights', text: blockWeights },
  { id: 'add-difference', title: 'Add difference', text: addDifference },
  { id: 'ties', title: 'TIES merge (SDXL)', text: ties },
  { id: 'template', title: 'Template with a param', text: template },
  { id: 'legacy-blocks', title: 'Legacy sd-mecha: block weights', text: legacyBlocks },
  { id: 'legacy-ties', title: 'Legacy sd-mecha: TIES', text: legacyTies },
];
