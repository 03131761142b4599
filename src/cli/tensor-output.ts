/**
 * --format npy and --format safetensors: results written as tensors, in the working dtype and
 * the input's shape, streamed chunk by chunk with no text on the way.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { encodeElements, ITEM_SIZE, npyHeader, safetensorsHeader, type TensorDType } from '../tensor/index.ts';
import { UsageError } from './errors.ts';
import type { CliIO, Output } from './io.ts';
import { columnOf, type Columns, type Field } from './format.ts';

export const BINARY_FORMATS = ['npy', 'safetensors'] as const;
export type BinaryFormat = (typeof BINARY_FORMATS)[number];

export function isBinaryFormat(format: string): format is BinaryFormat {
  return (BINARY_FORMATS as readonly string[]).includes(format);
}

/** A binary format is never sent to a terminal. */
export function refuseTerminal(format: BinaryFormat, io: CliIO, outputFile: string | undefined): void {
  if ((outputFile === undefined || outputFile === '-') && io.stdout.isTTY) {
    throw new UsageError(`--format ${format} writes binary data, and stdout is a terminal`, `Redirect it (act … > out.${format}) or give --output out.${format}.`);
  }
}

/** What the run was, kept in a safetensors file's __metadata__ (string to string). */
export function runMetadata(header: Readonly<Record<string, unknown>>): Record<string, string> {
  const metadata: Record<string, string> = { producer: `act ${packageJson.version}` };
  for (const [key, value] of Object.entries(header)) {
    if (value !== null && value !== undefined) metadata[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return metadata;
}

/** One chunk of element-wise results; every column holds `count` numbers. */
export interface ResultChunk extends Columns {
  readonly count: number;
}

/** x, value, gradient, second, third or d_<parameter>. */
export type ResultField = Field;

export interface ElementwiseTensors {
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
  readonly fields: readonly ResultField[];
  readonly metadata: Record<string, string>;
  /**
   * The results in order, one pass over the input. safetensors stores each tensor whole, so it
   * asks for one pass per field (`evaluate` false when only x is needed).
   */
  readonly pass: (evaluate: boolean) => AsyncIterable<ResultChunk>;
}

/** Writes the results as one structured .npy or one safetensors file; stops when the reader has gone. */
export async function writeElementwiseTensors(format: BinaryFormat, tensors: ElementwiseTensors, output: Output): Promise<void> {
  const { dtype, shape, fields } = tensors;
  const size = ITEM_SIZE[dtype];
  const needsValues = fields.some((field) => field !== 'x');
  if (format === 'npy') {
    output.writeDirect(npyHeader(dtype, shape, fields));
    const stride = size * fields.length;
    for await (const chunk of tensors.pass(needsValues)) {
      const bytes = new Uint8Array(chunk.count * stride);
      fields.forEach((field, f) => encodeElements({ dtype, littleEndian: true, stride, offset: f * size }, columnOf(chunk, field), chunk.count, bytes));
      output.writeDirect(bytes);
      await output.flush();
      if (output.closed) return;
    }
    return;
  }
  output.writeDirect(safetensorsHeader(fields.map((name) => ({ name, dtype, shape })), tensors.metadata).bytes);
  for (const field of fields) {
    for await (const chunk of tensors.pass(field !== 'x')) {
      const bytes = new Uint8Array(chunk.count * size);
      encodeElements({ dtype, littleEndian: true, stride: size, offset: 0 }, columnOf(chunk, field), chunk.count, bytes);
      output.writeDirect(bytes);
      await output.flush();
      if (output.closed) return;
    }
  }
}

/** A shape as Python prints it: (), (3,), (2, 3). */
export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}
