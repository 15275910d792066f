import { loraOutputRule } from './lora-output.js';
import type { Rule } from '../context.js';
import { arityRule } from './arity.js';
import { blockPatternLengthRule } from './block-pattern-length.js';
import { bareLiteralRule } from './bare-literal.js';
import { dictKeysRule } from './dict-keys.js';
import { duplicateHyperparameterRule } from './duplicate-hyperparameter.js';
import { emptyModelPathRule } from './empty-model-path.js';
import { expectedModelRule } from './expected-model.js';
import { hyperArchitectureRule } from './hyper-architecture.js';
import { hyperTargetRule } from './hyper-target.js';
import { hyperValueTypeRule } from './hyper-value-type.js';
import { invalidMapEntryRule } from './invalid-map-entry.js';
import { loraFileRule } from './lora-file.js';
import { mbwRule } from './mbw.js';
import { mergeSpaceRule } from './merge-space.js';
import { mergedKeysRule } from './merged-keys.js';
import { missingHyperparameterRule } from './missing-hyperparameter.js';
import { mixedArchitecturesRule } from './mixed-architectures.js';
import { mixedMapArchitecturesRule } from './mixed-map-architectures.js';
import { modelArchitectureRule } from './model-architecture.js';
import { modelFileRule } from './model-file.js';
import { notPerKeyRule } from './not-per-key.js';
import { numberOverflowRule } from './number-overflow.js';
import { outputTypeRule } from './output-type.js';
import { unfilledParamRule } from './unfilled-param.js';
import { unknownArchitectureRule } from './unknown-architecture.js';
import { unknownBlockRule } from './unknown-block.js';
import { unknownClassRule } from './unknown-class.js';
import { unknownHyperparameterRule } from './unknown-hyperparameter.js';
import { unknownMergeSpaceRule } from './unknown-merge-space.js';
import { unknownMethodRule } from './unknown-method.js';
import { unknownModelConfigRule } from './unknown-model-config.js';
import { unsafeIntegerRule } from './unsafe-integer.js';
import { valueOutOfRangeRule } from './value-out-of-range.js';
import { wrongModelConfigRule } from './wrong-model-config.js';

/** Every check, run together in one pass; grouped as the diagnostic codes are (types, architectures, files). */
export const RULES: readonly Rule[] = [
  // Types and signatures
  unknownMethodRule,
  arityRule,
  unknownHyperparameterRule,
  duplicateHyperparameterRule,
  missingHyperparameterRule,
  expectedModelRule,
  hyperValueTypeRule,
  valueOutOfRangeRule,
  unsafeIntegerRule,
  numberOverflowRule,
  bareLiteralRule,
  notPerKeyRule,
  mergeSpaceRule,
  wrongModelConfigRule,
  unknownMergeSpaceRule,
  unfilledParamRule,
  outputTypeRule,
  loraOutputRule,
  // Architectures, blocks and classes
  unknownArchitectureRule,
  unknownModelConfigRule,
  mixedArchitecturesRule,
  hyperArchitectureRule,
  mixedMapArchitecturesRule,
  hyperTargetRule,
  blockPatternLengthRule,
  unknownBlockRule,
  unknownClassRule,
  mbwRule,
  invalidMapEntryRule,
  dictKeysRule,
  // Model files
  emptyModelPathRule,
  modelFileRule,
  loraFileRule,
  modelArchitectureRule,
  mergedKeysRule,
];
