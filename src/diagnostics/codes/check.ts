import type { DiagnosticKind } from '../diagnostic.js';

/**
 * What the type checker reports: codes 3001-3099 types and signatures, 4001-4099 architectures, blocks and
 * classes, 5001-5099 model files. Messages are lowercase, without a final period, like the syntax ones.
 */
export const CHECK = {
  // Types and signatures
  UnknownMethod: { id: 'unknown-method', code: 3001, severity: 'error', template: "unknown merge method '{name}'" },
  UnknownHyperparameter: {
    id: 'unknown-hyperparameter',
    code: 3002,
    severity: 'error',
    template: "{method} has no hyperparameter '{name}'",
  },
  MissingHyperparameter: {
    id: 'missing-hyperparameter',
    code: 3003,
    severity: 'error',
    template: "{method} needs a value for '{name}'",
  },
  TooFewModels: {
    id: 'too-few-models',
    code: 3004,
    severity: 'error',
    template: '{method} takes {expected}, found {found}',
  },
  TooManyArguments: {
    id: 'too-many-arguments',
    code: 3005,
    severity: 'error',
    template: '{method} takes {expected}, found {found}',
  },
  DuplicateHyperparameter: {
    id: 'duplicate-hyperparameter',
    code: 3006,
    severity: 'error',
    template: "'{name}' is given more than once",
  },
  WrongValueType: {
    id: 'wrong-value-type',
    code: 3007,
    severity: 'error',
    template: "'{name}' of {method} expects {expected}, found {found}",
  },
  ExpectedModel: {
    id: 'expected-model',
    code: 3008,
    severity: 'error',
    template: "'{param}' of {method} expects a model, found {found}",
  },
  ValueOutOfRange: {
    id: 'value-out-of-range',
    code: 3009,
    severity: 'error',
    template: "'{name}' of {method} must be {range}, found {value}",
  },
  NotPerKey: {
    id: 'not-per-key',
    code: 3010,
    severity: 'error',
    template: "'{name}' of {method} takes a single value, not per-block values",
  },
  WrongMergeSpace: {
    id: 'wrong-merge-space',
    code: 3011,
    severity: 'error',
    template: "'{param}' of {method} expects {expected}, found {found}",
  },
  MixedMergeSpaces: {
    id: 'mixed-merge-spaces',
    code: 3012,
    severity: 'error',
    template: "the models of {method} must be in one space: '{param}' is {found}, but an earlier one is {expected}",
  },
  DeltaOutput: {
    id: 'delta-output',
    code: 3013,
    severity: 'error',
    template: "the recipe's output is {found}, not a full model",
  },
  OutputNotModel: {
    id: 'output-not-model',
    code: 3014,
    severity: 'error',
    template: "the recipe's output is {found}, not a model",
  },
  UnknownMergeSpace: {
    id: 'unknown-merge-space',
    code: 3015,
    severity: 'error',
    template: "unknown merge space '{name}': the spaces are {spaces}",
  },
  UnfilledParam: {
    id: 'unfilled-param',
    code: 3016,
    severity: 'error',
    template: "param '{name}' has no value",
  },
  WrongModelConfig: {
    id: 'wrong-model-config',
    code: 3017,
    severity: 'error',
    template: "'{param}' of {method} expects a {config} value, found {found}",
  },
  InvalidChoice: {
    id: 'invalid-choice',
    code: 3018,
    severity: 'error',
    template: "'{name}' of {method} is one of {choices}, found \"{value}\"",
  },
  LoraDeclaredAsModel: {
    id: 'lora-declared-as-model',
    code: 3040,
    severity: 'error',
    template: "'{path}' is a LoRA for {arch}, but it is declared {declared}",
  },
  UnsafeInteger: {
    id: 'unsafe-integer',
    code: 3030,
    severity: 'error',
    template: "'{name}' of {method} takes an integer between -(2^53 - 1) and 2^53 - 1, found {value}",
  },
  NumberOverflow: {
    id: 'number-overflow',
    code: 3031,
    severity: 'error',
    template: '{value} is beyond the largest number (about 1.8e308): it would be read as infinity',
  },
  BareLiteral: {
    id: 'bare-literal',
    code: 3032,
    severity: 'error',
    template: "sd-mecha's literal takes a dict, not the bare value {value}",
  },
  LoraResultAsInput: {
    id: 'lora-result-as-input',
    code: 3050,
    severity: 'error',
    template: '{method} is given the result of to_lora, which can only be the output',
  },
  LoraOutputArchitecture: {
    id: 'lora-output-architecture',
    code: 3051,
    severity: 'error',
    template: 'to_lora writes LoRAs of sd1 and sdxl, not of {arch}',
  },

  // Architectures, blocks and classes
  UnknownArchitecture: {
    id: 'unknown-architecture',
    code: 4001,
    severity: 'error',
    template: "unknown architecture '{name}'",
  },
  MixedArchitectures: {
    id: 'mixed-architectures',
    code: 4002,
    severity: 'error',
    template: '{method} mixes architectures: {param} is {found}, but an earlier model is {expected}',
  },
  HyperArchitectureMismatch: {
    id: 'hyper-architecture-mismatch',
    code: 4003,
    severity: 'error',
    template: "'{name}' is set for {found} models, but {method} merges {expected} models",
  },
  UnknownComponent: {
    id: 'unknown-component',
    code: 4004,
    severity: 'error',
    template: "{arch} has no component '{name}'",
  },
  ComponentNotMerged: {
    id: 'component-not-merged',
    code: 4005,
    severity: 'error',
    template: "{arch}.{name} is not merged: its keys pass through from the first model",
  },
  UnknownBlock: {
    id: 'unknown-block',
    code: 4006,
    severity: 'error',
    template: "{target} has no block '{name}'",
  },
  UnknownClass: {
    id: 'unknown-class',
    code: 4007,
    severity: 'error',
    template: "{target} has no class '{name}'",
  },
  MbwValueCount: {
    id: 'mbw-value-count',
    code: 4008,
    severity: 'error',
    template: 'mbw({arch}, ...) takes {expected} values, found {found}',
  },
  MbwUnsupported: {
    id: 'mbw-unsupported',
    code: 4009,
    severity: 'error',
    template: '{arch} has no SuperMerger block layout for mbw',
  },
  MbwInvalidValue: {
    id: 'mbw-invalid-value',
    code: 4010,
    severity: 'error',
    template: "'{value}' in an mbw list is not a number",
  },
  MissingTarget: {
    id: 'missing-target',
    code: 4011,
    severity: 'error',
    template: '{call} needs {what} as its first argument',
  },
  ComponentRequired: {
    id: 'component-required',
    code: 4012,
    severity: 'error',
    template: '{call} sets the {kind} of one component: write {arch}.<component>',
  },
  UnknownModelConfig: {
    id: 'unknown-model-config',
    code: 4013,
    severity: 'error',
    template: "unknown model config '{name}'",
  },
  UnknownDictKey: {
    id: 'unknown-dict-key',
    code: 4014,
    severity: 'warning',
    template: "dict key '{name}' names no default, block or class: it is ignored",
  },
  MixedMapArchitectures: {
    id: 'mixed-map-architectures',
    code: 4015,
    severity: 'error',
    template: 'these per-block values join {expected} and {found} entries',
  },
  InvalidMapEntry: {
    id: 'invalid-map-entry',
    code: 4016,
    severity: 'error',
    template: '{call} does not take this argument: {expected}',
  },
  MissingDefaultValue: {
    id: 'missing-default-value',
    code: 4017,
    severity: 'error',
    template: 'default(...) needs a value: default({target}, 0.5)',
  },
  UnknownTensorKey: {
    id: 'unknown-tensor-key',
    code: 4018,
    severity: 'warning',
    template: "{config} has no key '{name}'",
  },
  BlockPatternTooLong: {
    id: 'block-pattern-too-long',
    code: 4019,
    severity: 'error',
    template: 'block pattern of {length} characters is over the limit of {limit}',
  },

  // Model files
  ModelNotFound: {
    id: 'model-not-found',
    code: 5001,
    severity: 'warning',
    template: "model '{path}' was not found",
  },
  NotSafetensors: {
    id: 'not-safetensors',
    code: 5002,
    severity: 'error',
    template: "model '{path}' cannot be read as safetensors: {reason}",
  },
  UnrecognisedModel: {
    id: 'unrecognised-model',
    code: 5003,
    severity: 'warning',
    template: "the keys of '{path}' match no known architecture",
  },
  HeaderArchitectureMismatch: {
    id: 'header-architecture-mismatch',
    code: 5004,
    severity: 'error',
    template: "'{path}' is declared {declared}, but its header is {detected}",
  },
  ModelNotAFile: {
    id: 'model-not-a-file',
    code: 5005,
    severity: 'error',
    template: "model '{path}' is not a file mecha can open: {reason}",
  },
  NotALora: {
    id: 'not-a-lora',
    code: 5020,
    severity: 'error',
    template: "'{path}' is declared a LoRA, but its tensors are not LoRA factors",
  },
  LoraArchitectureMismatch: {
    id: 'lora-architecture-mismatch',
    code: 5021,
    severity: 'error',
    template: "'{path}' is declared {declared} LoRA, but its keys are a LoRA for {detected}",
  },
  LoraFactorProblem: {
    id: 'lora-factor-problem',
    code: 5022,
    severity: 'error',
    template: "'{path}' cannot be read as a LoRA: {problem}",
  },
  LoraShapeMismatch: {
    id: 'lora-shape-mismatch',
    code: 5023,
    severity: 'error',
    template: "the LoRA '{path}': module '{module}' makes a delta of shape [{shape}] for '{key}', which has shape [{expected}] in '{other}'",
  },
  EmptyModelPath: {
    id: 'empty-model-path',
    code: 5015,
    severity: 'error',
    template: 'the model path is empty',
  },
  ShapeMismatch: {
    id: 'shape-mismatch',
    code: 5016,
    severity: 'error',
    template: "{method} merges '{key}' of shape [{found}] from {source} with shape [{expected}] from {other}",
  },
  MissingMergedKey: {
    id: 'missing-merged-key',
    code: 5017,
    severity: 'error',
    template: "{source} has no tensor '{key}', which {method} merges",
  },
} as const satisfies Record<string, DiagnosticKind>;
