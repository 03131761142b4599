/** What the codecs say about a tensor in a file, and the error they raise for a malformed one. */
import type { ElementLayout, TensorDType } from './elements.ts';

/** One array in a tensor file: a plain .npy, one field of a structured .npy, or one safetensors tensor. */
export interface TensorEntry {
  /** '' for a plain .npy array; the field's or the tensor's name otherwise. */
  readonly name: string;
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
  /** The number of elements: the product of the shape. */
  readonly count: number;
  /** Elements stored column-major (the first index varies fastest). */
  readonly fortranOrder: boolean;
  /** Where the first record starts, in bytes from the start of the file. */
  readonly dataOffset: number;
  readonly layout: ElementLayout;
}

export interface ReadOptions {
  /** Read 2-byte unsigned or void .npy elements as bfloat16 bit patterns (NumPy has no bfloat16). */
  readonly bfloat16Bits?: boolean;
}

/** A file that is not a well-formed tensor file, or holds what act does not read. */
export class TensorFormatError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TensorFormatError';
  }
}

/** The product of the sizes, refused beyond 2^53 (no file holds that many). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) {
    count *= size;
    if (!Number.isSafeInteger(count)) throw new TensorFormatError(`the shape (${shape.join(', ')}) has too many elements`);
  }
  return count;
}
