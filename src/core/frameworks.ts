/**
 * What each framework computes: its names for a function, its parameter defaults and
 * the gradient its autodiff returns at each kink. The facts come from
 * ../shared/ACTIVATIONS.md (§a, §e, §f), and each keeps that file's tag saying how it
 * was established: [src] read in the source, [run] executed (TF.js), [derived] worked
 * out from source rules, [doc] read in the documentation.
 */
import { ActivationError } from './errors.ts';
import type { ParameterValue, Params } from './types.ts';

export const FRAMEWORKS = ['torch', 'tensorflow', 'keras', 'jax', 'tfjs', 'onnx', 'transformers'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  torch: 'PyTorch',
  tensorflow: 'TensorFlow',
  keras: 'Keras',
  jax: 'JAX',
  tfjs: 'TensorFlow.js',
  onnx: 'ONNX',
  transformers: 'Hugging Face Transformers',
};

/**
 * The versions the facts describe, newest first: `--like torch` is the newest, `--like torch@1.13`
 * an older one where its facts differ. Each label names what was read or run: PyTorch's ATen
 * source after the January 2025 hardswish fix (2.6) and Debian's python3-torch 1.13, run here;
 * TensorFlow's source and r2.15 documentation; Keras 3.15.1; JAX at commit cec06d1;
 * TensorFlow.js 4.22.0, run here; ONNX operator set 28; Transformers' activations.py on its main
 * branch (ACT2CLS of 24 names), which runs on PyTorch and so takes PyTorch's gradients at kinks.
 */
export const FRAMEWORK_VERSIONS: Readonly<Record<Framework, readonly string[]>> = {
  torch: ['2.6', '1.13'],
  tensorflow: ['2.15'],
  keras: ['3.15'],
  jax: ['cec06d1'],
  tfjs: ['4.22'],
  onnx: ['opset-28'],
  transformers: ['main'],
};

/** A framework at one of the versions its facts describe. */
export interface FrameworkVersion {
  readonly framework: Framework;
  readonly version: string;
}

/** Names people use for the frameworks, for the hint after an unknown one. */
const FRAMEWORK_ALIASES: Readonly<Record<string, Framework>> = {
  pytorch: 'torch',
  pt: 'torch',
  tf: 'tensorflow',
  tensorflowjs: 'tfjs',
  tfjs: 'tfjs',
  keras3: 'keras',
  flax: 'jax',
  onnxruntime: 'onnx',
  ort: 'onnx',
  hf: 'transformers',
  huggingface: 'transformers',
  transformer: 'transformers',
};

/** 'torch' (the newest version described) or 'torch@1.13'; an ActivationError lists what is known. */
export function parseLike(spec: string | FrameworkVersion): FrameworkVersion {
  if (typeof spec !== 'string') return spec;
  const at = spec.indexOf('@');
  const name = (at < 0 ? spec : spec.slice(0, at)).toLowerCase();
  const framework = FRAMEWORKS.find((candidate) => candidate === name);
  if (!framework) {
    const known = FRAMEWORK_ALIASES[name.replace(/[\s_.-]/g, '')];
    throw new ActivationError(
      `unknown framework '${spec.slice(0, at < 0 ? undefined : at)}'`,
      (known ? `Did you mean '${known}'? ` : '') + `Frameworks are ${FRAMEWORKS.join(', ')} (optionally @version).`,
    );
  }
  const versions = FRAMEWORK_VERSIONS[framework];
  if (at < 0) return { framework, version: versions[0] };
  const version = spec.slice(at + 1);
  if (!versions.includes(version)) {
    throw new ActivationError(
      `no facts for ${FRAMEWORK_LABELS[framework]} ${version}`,
      `Known versions of ${framework}: ${versions.join(', ')} (the newest is the default).`,
    );
  }
  return { framework, version };
}

/** 'torch@2.6' */
export function likeLabel(like: FrameworkVersion): string {
  return `${like.framework}@${like.version}`;
}

export type Evidence = 'src' | 'run' | 'derived' | 'doc';

/** The gradient at one kink: one of the two pieces, or a number (a tie split, a product). */
export type KinkGradient = 'left' | 'right' | number | ((params: Params) => number);

export interface KinkFact {
  /** Where, for these parameters (defaults to the definition's kink of the same index). */
  readonly at?: (params: Params) => number;
  readonly gradient: KinkGradient;
}

/**
 * f″ and f‴ at a point where a piece of f″ or f‴ ends, as the framework's nested autodiff returns
 * them (run: torch.autograd.grad with create_graph=True, twice and three times).
 */
export interface HigherKinkFact {
  readonly at: (params: Params) => number;
  readonly second: KinkGradient;
  readonly third: KinkGradient;
}

export interface FrameworkFacts {
  /** The framework's names for the function. */
  readonly names: readonly string[];
  /** Defaults that differ from act's. */
  readonly defaults?: Readonly<Record<string, ParameterValue>>;
  /** The gradient at each of the definition's kinks, in order (or at extra points, with `at`). */
  readonly kinks?: readonly KinkFact[];
  /** f″ and f‴ at the ends of their pieces, where a run established them (elsewhere --kink's convention). */
  readonly higherKinks?: readonly HigherKinkFact[];
  readonly note?: string;
  readonly evidence: Evidence;
  /** What differed in an older version (a key of FRAMEWORK_VERSIONS), overriding the fields above. */
  readonly older?: Readonly<Record<string, Partial<Omit<FrameworkFacts, 'older'>>>>;
}

export type FunctionFacts = Partial<Record<Framework, FrameworkFacts>> & {
  /** What to suggest in a framework that lacks the function. */
  readonly closest?: Partial<Record<Framework, string>>;
};

/** One suggestion for every framework but Transformers (which has these functions), with per-framework exceptions. */
function suggestEverywhere(text: string, exceptions: Partial<Record<Framework, string>> = {}): Partial<Record<Framework, string>> {
  return { ...Object.fromEntries(FRAMEWORKS.filter((framework) => framework !== 'transformers').map((framework) => [framework, text])), ...exceptions };
}

const left: KinkFact = { gradient: 'left' };
const atZero = (): number => 0;
// PyTorch's own float64 forms, not the exact σ and softplus of special.ts: a fact computed with them
// is what its autograd returns (sqrtsoftplus″(20) bit for bit, ‴ within 1 ulp of the run).
const torchSigmoid = (t: number): number => 1 / (1 + Math.exp(-t));
const torchSoftplus = (t: number): number => Math.log1p(Math.exp(t));
/** PyTorch's nested autograd at 0 for the x ≤ 0 exponential pieces (elu, selu, celu): the right piece, 0 (run). */
const TORCH_EXPONENTIAL_HIGHER: readonly HigherKinkFact[] = [{ at: atZero, second: 'right', third: 'right' }];
const right: KinkFact = { gradient: 'right' };
const NO_GRADIENTS = 'ONNX defines no gradients: the kink convention of --kink applies';

let frameworkFactsTable: Readonly<Record<string, FunctionFacts>> | undefined;

/**
 * Every function's facts, by name. Built on first use: hundreds of objects and functions that most
 * runs never read, made at every start-up otherwise.
 */
export function allFrameworkFacts(): Readonly<Record<string, FunctionFacts>> {
  return (frameworkFactsTable ??= buildFrameworkFacts());
}

/** The facts of one function in every framework, or undefined when act has none for it. */
export function functionFacts(name: string): FunctionFacts | undefined {
  return allFrameworkFacts()[name];
}

function buildFrameworkFacts(): Readonly<Record<string, FunctionFacts>> {
  return {
    relu: {
      torch: { names: ['torch.relu', 'F.relu', 'nn.ReLU'], kinks: [left], note: "threshold_backward: relu′(0) = 0 (torch.clamp(x, min=0) would give 1)", evidence: 'src' },
      tensorflow: { names: ['tf.nn.relu'], kinks: [left], note: 'ReluGrad tests features > 0', evidence: 'src' },
      keras: { names: ['keras.activations.relu', 'keras.layers.ReLU'], kinks: [left], evidence: 'src' },
      jax: { names: ['jax.nn.relu'], kinks: [left], note: 'custom_jvp select(x > 0, g, 0)', evidence: 'src' },
      tfjs: { names: ['tf.relu'], kinks: [left], note: 'dy·step(x)', evidence: 'run' },
      onnx: { names: ['Relu'], note: NO_GRADIENTS, evidence: 'src' },
      transformers: { names: ['ACT2FN["relu"] (nn.ReLU)'], kinks: [left], note: 'PyTorch: relu′(0) = 0', evidence: 'src' },
    },
    relu6: {
      torch: { names: ['F.relu6', 'nn.ReLU6'], kinks: [left, right], note: 'hardtanh_backward: 0 at both ends', evidence: 'src' },
      tensorflow: { names: ['tf.nn.relu6'], kinks: [left, right], evidence: 'src' },
      keras: { names: ['keras.activations.relu6'], kinks: [left, right], evidence: 'src' },
      jax: { names: ['jax.nn.relu6'], kinks: [left, right], note: 'custom_jvp (x > 0) & (x < 6)', evidence: 'src' },
      tfjs: { names: ['tf.relu6'], kinks: [left, left], note: 'lessEqual(x, 6)·step(x): relu6′(6) = 1 in tfjs-core (tfjs-layers gives 0)', evidence: 'run' },
      closest: { onnx: 'Clip(x, 0, 6)' },
      transformers: { names: ['ACT2FN["relu6"] (nn.ReLU6)'], kinks: [left, right], note: 'PyTorch hardtanh_backward: 0 at both ends', evidence: 'src' },
    },
    leaky_relu: {
      torch: { names: ['F.leaky_relu', 'nn.LeakyReLU'], kinks: [left], note: 'x > 0 ? g : g·slope', evidence: 'src' },
      tensorflow: { names: ['tf.nn.leaky_relu'], defaults: { negative_slope: 0.2 }, kinks: [left], note: 'alpha=0.2; LeakyReluGrad tests features > 0', evidence: 'src' },
      keras: { names: ['keras.activations.leaky_relu', 'keras.ops.leaky_relu'], defaults: { negative_slope: 0.2 }, kinks: [left], note: 'negative_slope=0.2 (keras.layers.LeakyReLU uses 0.3)', evidence: 'src' },
      jax: { names: ['jax.nn.leaky_relu'], kinks: [right], note: 'where(x >= 0, x, slope·x) differentiates the x branch at 0', evidence: 'derived' },
      tfjs: { names: ['tf.leakyRelu'], defaults: { negative_slope: 0.2 }, kinks: [left], note: 'alpha=0.2', evidence: 'run' },
      onnx: { names: ['LeakyRelu'], note: NO_GRADIENTS, evidence: 'src' },
      transformers: { names: ['ACT2FN["leaky_relu"] (nn.LeakyReLU)'], kinks: [left], note: 'PyTorch: negative_slope 0.01', evidence: 'src' },
    },
    prelu: {
      torch: { names: ['F.prelu', 'nn.PReLU'], kinks: [left], note: 'reverse mode gives the weight (forward-mode JVP gives 1)', evidence: 'src' },
      keras: { names: ['keras.layers.PReLU'], defaults: { weight: 0 }, kinks: [{ gradient: 0 }], note: 'alpha initialised to zeros; built as relu(x) − a·relu(−x), gradient 0 at 0', evidence: 'derived' },
      tfjs: { names: ['tf.prelu', 'tf.layers.prelu'], defaults: { weight: 0 }, kinks: [left], note: 'tfjs-layers initialises alpha to zeros', evidence: 'run' },
      onnx: { names: ['PRelu'], note: NO_GRADIENTS, evidence: 'src' },
      closest: { tensorflow: 'leaky_relu (tf.nn.leaky_relu)', jax: 'leaky_relu (jax.nn.leaky_relu)' },
      transformers: { names: ['ACT2FN["prelu"] (nn.PReLU)'], kinks: [left], note: 'PyTorch: weight 0.25', evidence: 'src' },
    },
    rrelu: {
      torch: { names: ['F.rrelu', 'nn.RReLU'], kinks: [left], note: 'evaluation mode: slope (lower + upper)/2', evidence: 'src' },
      closest: { tensorflow: 'leaky_relu', keras: 'leaky_relu', jax: 'leaky_relu', tfjs: 'leaky_relu', onnx: 'leaky_relu (LeakyRelu)' },
    },
    elu: {
      torch: { names: ['F.elu', 'nn.ELU'], kinks: [left], higherKinks: TORCH_EXPONENTIAL_HIGHER, note: 'x ≤ 0 branch: alpha·e^0 (f″, f‴ at 0: 0, run)', evidence: 'src' },
      tensorflow: { names: ['tf.nn.elu'], kinks: [right], note: 'no alpha in tf.nn.elu; EluGrad on the output gives 1 at 0', evidence: 'src' },
      keras: { names: ['keras.activations.elu', 'keras.layers.ELU'], kinks: [left], note: 'tf.where(x > 0, res, alpha·res)', evidence: 'derived' },
      jax: { names: ['jax.nn.elu'], kinks: [left], evidence: 'derived' },
      tfjs: { names: ['tf.elu'], kinks: [right], note: 'no alpha; EluGrad: y ≥ 0 → dy', evidence: 'run' },
      onnx: { names: ['Elu'], note: NO_GRADIENTS, evidence: 'src' },
    },
    selu: {
      torch: { names: ['F.selu', 'nn.SELU'], kinks: [{ gradient: (p) => (p.alpha as number) * (p.scale as number) }], higherKinks: TORCH_EXPONENTIAL_HIGHER, note: 'λα computed as α·λ in float64: 1.7580993408473766 (f″, f‴ at 0: 0, run)', evidence: 'src' },
      tensorflow: { names: ['tf.nn.selu'], kinks: [right], note: 'SeluGrad tests y < 0 on the output: λ at 0', evidence: 'src' },
      keras: { names: ['keras.activations.selu'], kinks: [right], note: 'TensorFlow backend: λ at 0', evidence: 'src' },
      jax: { names: ['jax.nn.selu'], kinks: [{ gradient: (p) => (p.scale as number) * (p.alpha as number) }], note: 'scale·alpha·e^0 in float64', evidence: 'derived' },
      tfjs: { names: ['tf.selu'], kinks: [left], note: 'x > 0 mask; SELU_SCALEALPHA constant', evidence: 'run' },
      onnx: { names: ['Selu'], defaults: { alpha: 1.67326319217681884765625, scale: 1.05070102214813232421875 }, note: `float32-rounded alpha and gamma; ${NO_GRADIENTS}`, evidence: 'src' },
    },
    celu: {
      torch: { names: ['F.celu', 'nn.CELU'], higherKinks: TORCH_EXPONENTIAL_HIGHER, note: 'f″, f‴ at 0: 0 (run)', evidence: 'src' },
      keras: { names: ['keras.activations.celu'], kinks: [{ at: () => 0, gradient: 2 }], note: 'max(x, 0) + alpha·expm1(min(x, 0)/alpha): TF ties pass the gradient through both terms, 2 at 0', evidence: 'derived' },
      jax: { names: ['jax.nn.celu'], kinks: [{ at: () => 0, gradient: 1 }], note: 'balanced ties: 0.5 + 0.5', evidence: 'derived' },
      onnx: { names: ['Celu'], evidence: 'src' },
      closest: { tensorflow: 'elu (tf.nn.elu)', tfjs: 'elu (tf.elu)' },
    },
    gelu: {
      torch: { names: ['F.gelu', 'nn.GELU'], note: "approximate='none'", evidence: 'src' },
      tensorflow: { names: ['tf.nn.gelu'], note: 'approximate=False', evidence: 'doc' },
      keras: { names: ['keras.activations.gelu'], note: 'approximate=False (keras.ops.gelu defaults to True)', evidence: 'src' },
      jax: { names: ['jax.nn.gelu'], defaults: { approximate: 'tanh' }, note: 'approximate=True', evidence: 'src' },
      tfjs: { names: ["tf.layers activation 'gelu'"], note: "'gelu' is erf, 'gelu_new' the tanh form", evidence: 'src' },
      onnx: { names: ['Gelu'], note: 'approximate="none"', evidence: 'src' },
      transformers: { names: ['ACT2FN["gelu"] (F.gelu)', 'ACT2FN["gelu_python"] (x·0.5·(1 + erf(x/√2)))'], note: 'both the erf GELU; the tanh forms are gelu_new and gelu_fast', evidence: 'src' },
    },
    silu: {
      torch: { names: ['F.silu', 'nn.SiLU'], evidence: 'src' },
      tensorflow: { names: ['tf.nn.silu', 'tf.nn.swish'], evidence: 'doc' },
      keras: { names: ['keras.activations.silu', 'keras.activations.swish'], evidence: 'src' },
      jax: { names: ['jax.nn.silu', 'jax.nn.swish'], evidence: 'src' },
      tfjs: { names: ["tf.layers activation 'swish'"], evidence: 'src' },
      onnx: { names: ['Swish (alpha = 1)'], evidence: 'src' },
      transformers: { names: ['ACT2FN["silu"] (F.silu)'], evidence: 'src' },
    },
    swish: {
      tensorflow: { names: ['tf.nn.silu(features, beta)'], evidence: 'doc' },
      keras: { names: ['keras.activations.swish'], note: 'Keras swish is silu (no beta)', evidence: 'src' },
      jax: { names: ['jax.nn.swish'], note: 'JAX swish is silu (no beta)', evidence: 'src' },
      tfjs: { names: ["tf.layers activation 'swish' (alpha)"], evidence: 'src' },
      onnx: { names: ['Swish (alpha)'], evidence: 'src' },
      closest: { torch: 'silu (F.silu), which is swish with beta 1' },
      transformers: { names: ['ACT2FN["swish"] (nn.SiLU)'], note: 'silu: swish with beta 1', evidence: 'src' },
    },
    mish: {
      torch: { names: ['F.mish', 'nn.Mish'], evidence: 'src' },
      keras: { names: ['keras.activations.mish'], evidence: 'src' },
      jax: { names: ['jax.nn.mish'], evidence: 'src' },
      tfjs: { names: ["tf.layers activation 'mish'"], evidence: 'run' },
      onnx: { names: ['Mish'], evidence: 'src' },
      closest: { tensorflow: 'mish through keras (--like keras)' },
      transformers: { names: ['ACT2FN["mish"] (F.mish)'], evidence: 'src' },
    },
    softplus: {
      torch: {
        names: ['F.softplus', 'nn.Softplus'],
        defaults: { threshold: 20 },
        kinks: [left],
        // softplus_backward's own derivative takes the linear piece at the threshold (run: 0 at x = 20).
        higherKinks: [{ at: (p) => (p.threshold as number) / (p.beta as number), second: 'right', third: 'right' }],
        note: 'returns x only where beta·x > 20, strictly (up to 2.06e-9 from the exact value): σ(20) at 20; f″ and f‴ there 0 (run)',
        evidence: 'run',
      },
      tensorflow: { names: ['tf.math.softplus'], note: 'no beta; float32 kernels switch to x or e^x at ±13.94', evidence: 'src' },
      keras: { names: ['keras.activations.softplus'], evidence: 'src' },
      jax: { names: ['jax.nn.softplus'], note: 'logaddexp(x, 0): exact', evidence: 'src' },
      tfjs: { names: ['tf.softplus'], evidence: 'run' },
      onnx: { names: ['Softplus'], note: 'log(exp(x) + 1), which overflows in float32 above 88.7', evidence: 'src' },
    },
    softsign: {
      torch: {
        names: ['F.softsign', 'nn.Softsign'],
        // x/(1 + |x|) differentiated through abs: sign(0) = 0 makes f″(0) = 0 and f‴(0) = 0 (run).
        higherKinks: [{ at: atZero, second: 0, third: 0 }],
        note: "f″(0) = f‴(0) = 0: abs′(0) = sign(0) = 0 (run)",
        evidence: 'src',
      },
      tensorflow: { names: ['tf.nn.softsign'], evidence: 'src' },
      keras: { names: ['keras.activations.softsign'], evidence: 'src' },
      jax: { names: ['jax.nn.soft_sign'], evidence: 'src' },
      tfjs: { names: ["tf.layers activation 'softsign'"], evidence: 'run' },
      onnx: { names: ['Softsign'], evidence: 'src' },
    },
    sigmoid: {
      torch: { names: ['torch.sigmoid', 'nn.Sigmoid'], evidence: 'src' },
      tensorflow: { names: ['tf.nn.sigmoid'], evidence: 'src' },
      keras: { names: ['keras.activations.sigmoid'], evidence: 'src' },
      jax: { names: ['jax.nn.sigmoid'], evidence: 'src' },
      tfjs: { names: ['tf.sigmoid'], evidence: 'run' },
      onnx: { names: ['Sigmoid'], evidence: 'src' },
      transformers: { names: ['ACT2FN["sigmoid"] (nn.Sigmoid)'], evidence: 'src' },
    },
    log_sigmoid: {
      torch: { names: ['F.logsigmoid', 'nn.LogSigmoid'], evidence: 'src' },
      tensorflow: { names: ['tf.math.log_sigmoid'], evidence: 'src' },
      keras: { names: ['keras.activations.log_sigmoid'], evidence: 'src' },
      jax: { names: ['jax.nn.log_sigmoid'], evidence: 'src' },
      tfjs: { names: ['tf.logSigmoid'], evidence: 'run' },
      closest: { onnx: 'Log(Sigmoid(x))' },
    },
    tanh: {
      torch: { names: ['torch.tanh', 'nn.Tanh'], evidence: 'src' },
      tensorflow: { names: ['tf.nn.tanh'], evidence: 'src' },
      keras: { names: ['keras.activations.tanh'], evidence: 'src' },
      jax: { names: ['jax.nn.tanh'], evidence: 'src' },
      tfjs: { names: ['tf.tanh'], evidence: 'run' },
      onnx: { names: ['Tanh'], evidence: 'src' },
      transformers: { names: ['ACT2FN["tanh"] (nn.Tanh)'], evidence: 'src' },
    },
    hardsigmoid: {
      torch: { names: ['F.hardsigmoid', 'nn.Hardsigmoid'], kinks: [left, right], note: 'relu6(x + 3)/6; 0 at ±3', evidence: 'src' },
      keras: { names: ['keras.activations.hard_sigmoid'], kinks: [left, right], note: 'Keras 3 computes relu6(x + 3)/6 (its docstring still shows Keras 2’s 0.2x + 0.5)', evidence: 'derived' },
      jax: { names: ['jax.nn.hard_sigmoid'], kinks: [left, right], evidence: 'derived' },
      tfjs: { names: ["tf.layers activation 'hardSigmoid'"], defaults: { alpha: 0.2 }, kinks: [right, left], note: 'clip(0.2x + 0.5, 0, 1): 0.2 at ±2.5', evidence: 'run' },
      onnx: { names: ['HardSigmoid'], defaults: { alpha: 0.2 }, note: `alpha=0.2, beta=0.5; ${NO_GRADIENTS}`, evidence: 'src' },
      closest: { tensorflow: 'hardsigmoid through keras (--like keras)' },
    },
    hardswish: {
      torch: {
        names: ['F.hardswish', 'nn.Hardswish'],
        kinks: [right, left],
        // hardswish_backward's derivative is 1/3 strictly inside (−3, 3): 0 at both ends (run in 1.13; the same formula in 2.6).
        higherKinks: [{ at: () => -3, second: 'left', third: 'left' }, { at: () => 3, second: 'right', third: 'right' }],
        note: 'x < −3 → 0; x ≤ 3 → x/3 + 1/2; else 1: −0.5 at −3 and 1.5 at 3 (pytorch#143899, in 2.6); f″ = 0 at ±3',
        evidence: 'src',
        older: {
          '1.13': {
            kinks: [right, right],
            note: 'vectorised CPU kernel: −0.5 at −3 and 1 at 3; the scalar path, which tensors of fewer than 8 float64 elements take, gives 1.5 at 3',
            evidence: 'run',
          },
        },
      },
      keras: { names: ['keras.activations.hard_silu', 'keras.activations.hard_swish'], kinks: [left, right], note: 'TensorFlow backend: x·relu6(x + 3)/6 with relu6′ = 0 at both ends', evidence: 'derived' },
      jax: { names: ['jax.nn.hard_silu', 'jax.nn.hard_swish'], kinks: [left, right], note: 'product rule with the relu6 custom_jvp: 0 at −3, 1 at 3', evidence: 'derived' },
      onnx: { names: ['HardSwish'], note: NO_GRADIENTS, evidence: 'src' },
      closest: { tensorflow: 'hardswish through keras (--like keras)', tfjs: 'x·relu6(x + 3)/6 composed by hand' },
      transformers: { names: ['ACT2FN["hardswish"] (nn.Hardswish)'], kinks: [right, left], note: 'PyTorch 2.6: −0.5 at −3 and 1.5 at 3', evidence: 'src' },
    },
    hardtanh: {
      torch: { names: ['F.hardtanh', 'nn.Hardtanh'], kinks: [left, right], note: 'hardtanh_backward: 0 at both bounds (torch.clamp gives 1)', evidence: 'src' },
      tensorflow: { names: ['tf.clip_by_value'], kinks: [right, left], note: 'min/max composition: ties go to x, 1 at both bounds', evidence: 'derived' },
      keras: { names: ['keras.activations.hard_tanh'], kinks: [right, left], note: 'TensorFlow backend tf.clip_by_value: 1 at both bounds', evidence: 'derived' },
      jax: { names: ['jax.nn.hard_tanh'], kinks: [right, left], note: 'nested where selects x: 1 at both bounds', evidence: 'derived' },
      tfjs: { names: ['tf.clipByValue'], kinks: [right, left], note: 'x >= min && x <= max: 1 at both bounds', evidence: 'run' },
      closest: { onnx: 'Clip(x, min, max)' },
    },
    tanhshrink: {
      torch: { names: ['F.tanhshrink', 'nn.Tanhshrink'], evidence: 'run' },
    },
    hardshrink: {
      torch: { names: ['F.hardshrink', 'nn.Hardshrink'], kinks: [right, left], note: 'shrink_backward: 0 on [−λ, λ]', evidence: 'src' },
      keras: { names: ['keras.activations.hard_shrink'], kinks: [right, left], note: 'parameter named threshold', evidence: 'derived' },
      onnx: { names: ['Shrink (bias = 0)'], note: NO_GRADIENTS, evidence: 'src' },
    },
    softshrink: {
      torch: { names: ['F.softshrink', 'nn.Softshrink'], kinks: [right, left], note: 'shrink_backward: 0 on [−λ, λ]', evidence: 'src' },
      keras: { names: ['keras.activations.soft_shrink'], kinks: [right, left], note: 'parameter named threshold', evidence: 'derived' },
      onnx: { names: ['Shrink (bias = lambd)'], note: NO_GRADIENTS, evidence: 'src' },
    },
    shrink: {
      onnx: { names: ['Shrink'], note: NO_GRADIENTS, evidence: 'src' },
      closest: { torch: 'softshrink or hardshrink', keras: 'soft_shrink or hard_shrink' },
    },
    threshold: {
      torch: { names: ['F.threshold', 'nn.Threshold'], kinks: [left], note: 'self <= threshold ? 0 : grad', evidence: 'src' },
      keras: { names: ['keras.activations.threshold'], kinks: [left], note: 'value is called default_value', evidence: 'derived' },
      closest: { onnx: 'thresholded_relu (ThresholdedRelu)', tfjs: "thresholded_relu (tf.layers.thresholdedReLU)" },
    },
    thresholded_relu: {
      tfjs: { names: ['tf.layers.thresholdedReLU'], kinks: [left], note: 'theta=1.0', evidence: 'derived' },
      onnx: { names: ['ThresholdedRelu'], note: NO_GRADIENTS, evidence: 'src' },
      closest: { torch: 'threshold (F.threshold(x, alpha, 0))', keras: 'threshold (keras.activations.threshold)' },
    },
    squareplus: {
      keras: { names: ['keras.activations.squareplus'], evidence: 'src' },
      jax: { names: ['jax.nn.squareplus'], evidence: 'src' },
      closest: { torch: 'softplus', tensorflow: 'softplus', tfjs: 'softplus', onnx: 'softplus (Softplus)' },
    },
    sparse_plus: {
      keras: { names: ['keras.activations.sparse_plus'], evidence: 'src' },
      jax: { names: ['jax.nn.sparse_plus'], evidence: 'src' },
      closest: { torch: 'softplus', tensorflow: 'softplus', tfjs: 'softplus', onnx: 'softplus (Softplus)' },
    },
    sparse_sigmoid: {
      keras: { names: ['keras.activations.sparse_sigmoid'], kinks: [left, right], note: 'TensorFlow backend: where with constant outer branches, 0 at ±1', evidence: 'derived' },
      jax: { names: ['jax.nn.sparse_sigmoid'], kinks: [{ gradient: 0.25 }, { gradient: 0.25 }], note: '0.5·clip(x + 1, 0, 2): clip splits the tie, 0.25 at ±1', evidence: 'derived' },
      closest: { torch: 'hardsigmoid', tensorflow: 'sigmoid', tfjs: 'sigmoid', onnx: 'HardSigmoid' },
    },
    exponential: {
      torch: { names: ['torch.exp'], evidence: 'src' },
      tensorflow: { names: ['tf.math.exp'], evidence: 'src' },
      keras: { names: ['keras.activations.exponential'], evidence: 'src' },
      jax: { names: ['jax.numpy.exp'], evidence: 'src' },
      tfjs: { names: ['tf.exp'], evidence: 'src' },
      onnx: { names: ['Exp'], evidence: 'src' },
    },
    identity: {
      torch: { names: ['nn.Identity'], evidence: 'src' },
      tensorflow: { names: ['tf.identity'], evidence: 'src' },
      keras: { names: ['keras.activations.linear'], evidence: 'src' },
      jax: { names: ['jax.nn.identity'], evidence: 'src' },
      tfjs: { names: ["tf.layers activation 'linear'"], evidence: 'src' },
      onnx: { names: ['Identity'], evidence: 'src' },
      transformers: { names: ['ACT2FN["linear"] (LinearActivation)'], evidence: 'src' },
    },
    binary_step: {
      tfjs: { names: ['tf.step'], kinks: [{ gradient: 0 }], note: 'gradient 0 everywhere (zerosLike)', evidence: 'run' },
      closest: { torch: 'torch.heaviside (not an activation there)', onnx: 'Sign or Greater' },
    },
    gelu_new: {
      transformers: {
        names: ['ACT2FN["gelu_new"] (NewGELUActivation)', 'ACT2FN["gelu_python_tanh"] (GELUTanh, Python)', 'ACT2FN["gelu_accurate"] (AccurateGELUActivation)', 'ACT2FN["gelu_pytorch_tanh"] (F.gelu(approximate="tanh"))'],
        note: 'one formula: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); PyTorch\'s C++ kBeta = M_SQRT2·M_2_SQRTPI·0.5 is the same double as math.sqrt(2/math.pi)',
        evidence: 'src',
      },
      closest: suggestEverywhere('gelu --approximate tanh', { torch: "gelu --approximate tanh (F.gelu(approximate='tanh'))", onnx: "Gelu(approximate='tanh')" }),
    },
    gelu_fast: {
      transformers: { names: ['ACT2FN["gelu_fast"] (FastGELUActivation)'], note: '0.5·x·(1 + tanh(x·0.7978845608·(1 + 0.044715·x·x)))', evidence: 'src' },
    },
    gelu_10: {
      transformers: { names: ['ACT2FN["gelu_10"] (ClippedGELUActivation(min=-10, max=10))'], note: 'torch.clip(gelu(x), −10, 10): clamp passes the gradient at 10 itself (run: gelu_10′(10) = 1)', evidence: 'run' },
    },
    quick_gelu: {
      transformers: { names: ['ACT2FN["quick_gelu"] (QuickGELUActivation)'], note: 'x·torch.sigmoid(1.702·x)', evidence: 'src' },
      closest: suggestEverywhere('swish --beta 1.702', { onnx: 'swish --beta 1.702 (Swish alpha)' }),
    },
    laplace: {
      transformers: { names: ['ACT2FN["laplace"] (LaplaceActivation)'], note: '0.5·(1 + erf((x − 0.707107)/(0.282095·math.sqrt(2))))', evidence: 'src' },
    },
    relu2: {
      transformers: {
        names: ['ACT2FN["relu2"] (ReLUSquaredActivation)'],
        higherKinks: [{ at: atZero, second: 'left', third: 'left' }],
        note: "torch.square(F.relu(x)): 0 at 0 from either side; f″(0) = 2·relu′(0)² = 0 (run)",
        evidence: 'run',
      },
    },
    sqrtsoftplus: {
      transformers: {
        names: ['ACT2FN["sqrtsoftplus"] (SqrtSoftplusActivation)'],
        defaults: { threshold: 20 },
        // At the threshold PyTorch's softplus″ and ‴ are 0 (above), while softplus′ is σ: f″ = −σ²/(4g^1.5), f‴ = 3σ³/(8g^2.5) (run).
        higherKinks: [
          {
            at: (p) => p.threshold as number,
            second: (p) => -(torchSigmoid(p.threshold as number) ** 2) / (4 * torchSoftplus(p.threshold as number) ** 1.5),
            third: (p) => (3 * torchSigmoid(p.threshold as number) ** 3) / (8 * torchSoftplus(p.threshold as number) ** 2.5),
          },
        ],
        note: 'torch.sqrt(F.softplus(x)): PyTorch softplus returns x where x > 20',
        evidence: 'src',
      },
    },
    xielu: {
      transformers: {
        names: ['ACT2FN["xielu"] (XIELUActivation)'],
        // torch.min(x, eps) halves the gradient at a tie, accumulated as autograd does:
        // (expm1(eps) + 1)·alpha_n·0.5 − alpha_n + beta; x > 0 strictly picks the negative piece at 0.
        kinks: [{ gradient: (p) => ((Math.expm1(p.eps as number) + 1) * (p.alpha_n as number) * 0.5 - (p.alpha_n as number)) + (p.beta as number) }, left],
        // Nested, the tie halves again at each order: alpha_n·e^eps/4 and /8 (run); at 0 the middle piece.
        higherKinks: [
          { at: (p) => p.eps as number, second: (p) => ((p.alpha_n as number) * Math.exp(p.eps as number)) / 4, third: (p) => ((p.alpha_n as number) * Math.exp(p.eps as number)) / 8 },
          { at: atZero, second: 'left', third: 'left' },
        ],
        note: 'at eps torch.min splits the gradient between its arguments (run: 0.09960897525908824 with the defaults); at 0 the negative piece (x > 0 is strict)',
        evidence: 'run',
      },
    },
    softmax: {
      torch: { names: ['F.softmax', 'nn.Softmax'], evidence: 'src' },
      tensorflow: { names: ['tf.nn.softmax'], evidence: 'src' },
      keras: { names: ['keras.activations.softmax'], evidence: 'src' },
      jax: { names: ['jax.nn.softmax'], evidence: 'src' },
      tfjs: { names: ['tf.softmax'], evidence: 'run' },
      onnx: { names: ['Softmax'], evidence: 'src' },
    },
    log_softmax: {
      torch: { names: ['F.log_softmax', 'nn.LogSoftmax'], evidence: 'src' },
      tensorflow: { names: ['tf.nn.log_softmax'], evidence: 'src' },
      keras: { names: ['keras.activations.log_softmax'], evidence: 'src' },
      jax: { names: ['jax.nn.log_softmax'], evidence: 'src' },
      tfjs: { names: ['tf.logSoftmax'], evidence: 'run' },
      onnx: { names: ['LogSoftmax'], evidence: 'src' },
    },
    softmin: {
      torch: { names: ['F.softmin', 'nn.Softmin'], evidence: 'src' },
      closest: { tensorflow: 'softmax of −x', keras: 'softmax of −x', jax: 'softmax of −x', tfjs: 'softmax of −x', onnx: 'Softmax(Neg(x))' },
    },
    sparsemax: {
      keras: { names: ['keras.activations.sparsemax'], evidence: 'src' },
      closest: { torch: 'softmax', tensorflow: 'softmax', jax: 'softmax', tfjs: 'softmax', onnx: 'Softmax' },
    },
    hardmax: {
      onnx: { names: ['Hardmax'], evidence: 'src' },
      closest: { torch: 'argmax + one_hot', tensorflow: 'argmax + one_hot', keras: 'argmax + one_hot', jax: 'argmax + one_hot', tfjs: 'argMax + oneHot' },
    },
    glu: {
      torch: { names: ['F.glu', 'nn.GLU'], evidence: 'src' },
      keras: { names: ['keras.activations.glu'], evidence: 'src' },
      jax: { names: ['jax.nn.glu'], evidence: 'src' },
      closest: { tensorflow: 'a·sigmoid(b) by hand', tfjs: 'a·sigmoid(b) by hand', onnx: 'swiglu (SwiGLU)' },
    },
    swiglu: {
      onnx: { names: ['SwiGLU'], evidence: 'src' },
      closest: { torch: 'glu with silu by hand', keras: 'glu', jax: 'glu' },
    },
    logsumexp: {
      torch: { names: ['torch.logsumexp'], evidence: 'doc' },
      tensorflow: { names: ['tf.math.reduce_logsumexp'], evidence: 'doc' },
      keras: { names: ['keras.ops.logsumexp'], evidence: 'doc' },
      jax: { names: ['jax.nn.logsumexp'], evidence: 'src' },
      tfjs: { names: ['tf.logSumExp'], evidence: 'doc' },
      onnx: { names: ['ReduceLogSumExp'], evidence: 'doc' },
    },
  };
}

/** The facts of one framework (at a version, default the newest) for one function, or undefined when it lacks it. */
export function frameworkFacts(name: string, framework: Framework, version?: string): FrameworkFacts | undefined {
  const facts = functionFacts(name)?.[framework];
  const older = version === undefined ? undefined : facts?.older?.[version];
  return facts && older ? { ...facts, ...older } : facts;
}

/** Which frameworks have the function. */
export function frameworksWith(name: string): Framework[] {
  return FRAMEWORKS.filter((framework) => frameworkFacts(name, framework) !== undefined);
}
