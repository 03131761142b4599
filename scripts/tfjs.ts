/**
 * Loads TensorFlow.js (a dev dependency) for the peer test and the benchmarks. tfjs-core's Node
 * build registers no gradients; its ESM build does when register_all_gradients is imported (as
 * the @tensorflow/tfjs package does). Bundling the three into one CommonJS file keeps a single
 * engine instance.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Tensor {
  data(): Promise<Float32Array>;
  dataSync(): Float32Array;
  dispose(): void;
}

export interface TensorFlow {
  setBackend(name: string): Promise<boolean>;
  tensor1d(values: ArrayLike<number>): Tensor;
  scalar(value: number): Tensor;
  valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor) => { value: Tensor; grad: Tensor };
  [op: string]: unknown;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function loadTensorFlow(): Promise<TensorFlow> {
  const result = await build({
    stdin: {
      contents: "export * from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-backend-cpu'; import '@tensorflow/tfjs-core/dist/register_all_gradients';",
      resolveDir: ROOT,
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  const file = join(mkdtempSync(join(tmpdir(), 'act-tfjs-')), 'tf.cjs');
  writeFileSync(file, result.outputFiles[0].text);
  // tfjs greets on the console when it loads in Node.
  const [log, warn] = [console.log, console.warn];
  console.log = console.warn = () => {};
  try {
    const tf = createRequire(import.meta.url)(file) as TensorFlow;
    await tf.setBackend('cpu');
    return tf;
  } finally {
    [console.log, console.warn] = [log, warn];
  }
}

/** Calls a tfjs op by name. */
export function call(tf: TensorFlow, op: string, ...args: unknown[]): Tensor {
  return (tf[op] as (...values: unknown[]) => Tensor)(...args);
}
