/**
 * Vector functions over a tensor: the vectors run along one axis (the last by default), are
 * read slab by slab, and their results are placed back in the input's layout.
 */
import { UsageError } from './errors.ts';
import type { TensorFile } from './tensor-input.ts';
import type { TensorEntry } from '../tensor/index.ts';

/** One slab (all vectors that share the indices before the axis) is read at a time: this many elements at most. */
export const MAX_SLAB_ELEMENTS = 1 << 27;

/** How a tensor splits into vectors along an axis: outer × length × inner. */
export interface VectorLayout {
  readonly shape: readonly number[];
  readonly axis: number;
  /** The product of the sizes before the axis. */
  readonly outer: number;
  /** The vectors' length: the size of the axis. */
  readonly length: number;
  /** The product of the sizes after the axis (the stride of the axis). */
  readonly inner: number;
}

/** --axis K (negative counts from the end), checked against the shape. */
export function vectorLayout(shape: readonly number[], axisText: string | undefined, name: string): VectorLayout {
  if (shape.length === 0) throw new UsageError(`${name} holds a single number (shape ()); a vector function needs at least one axis`);
  const axis = axisText === undefined ? shape.length - 1 : Number(axisText);
  if (axisText !== undefined && (!/^-?\d+$/.test(axisText) || axis < -shape.length || axis >= shape.length)) {
    throw new UsageError(`--axis ${axisText}: ${name} has ${shape.length} ax${shape.length === 1 ? 'is' : 'es'} (shape (${shape.join(', ')})); give one from ${-shape.length} to ${shape.length - 1}`);
  }
  const normalized = axis < 0 ? axis + shape.length : axis;
  const product = (sizes: readonly number[]): number => sizes.reduce((a, b) => a * b, 1);
  return { shape, axis: normalized, outer: product(shape.slice(0, normalized)), length: shape[normalized], inner: product(shape.slice(normalized + 1)) };
}

/** Where a vector sits: its outer and inner index. */
export interface PlacedVector {
  readonly vector: Float64Array;
  readonly outer: number;
  readonly inner: number;
}

/** Every vector of the tensor along the layout's axis, in C order of the other indices. */
export async function* tensorVectors(file: TensorFile, entry: TensorEntry, layout: VectorLayout): AsyncGenerator<PlacedVector> {
  const { outer, length, inner } = layout;
  const slabSize = length * inner;
  if (slabSize > MAX_SLAB_ELEMENTS) {
    throw new UsageError(
      `vectors along axis ${layout.axis} of shape (${layout.shape.join(', ')}) span ${slabSize.toLocaleString('en')} elements at a time; act reads at most ${MAX_SLAB_ELEMENTS.toLocaleString('en')}`,
      'Use the last axis (--axis -1), whose vectors are contiguous.',
    );
  }
  if (slabSize === 0) return;
  const slab = new Float64Array(slabSize);
  for (let o = 0; o < outer; o++) {
    await file.read(entry, o * slabSize, slabSize, slab);
    for (let j = 0; j < inner; j++) {
      const vector = new Float64Array(length);
      for (let k = 0; k < length; k++) vector[k] = slab[k * inner + j];
      yield { vector, outer: o, inner: j };
    }
  }
}

/** The shape with the axis resized (or removed, for a scalar output). */
export function resizedShape(layout: VectorLayout, size: number | 'removed'): number[] {
  const shape = [...layout.shape];
  if (size === 'removed') shape.splice(layout.axis, 1);
  else shape[layout.axis] = size;
  return shape;
}

/** Writes a vector's results into a tensor whose axis has `size` entries, at the vector's place. */
export function place(target: Float64Array, layout: VectorLayout, size: number, placed: PlacedVector, values: ArrayLike<number>): void {
  const base = placed.outer * size * layout.inner + placed.inner;
  for (let k = 0; k < size; k++) target[base + k * layout.inner] = values[k];
}
