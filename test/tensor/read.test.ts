/**
 * Reading tensor files: files written by NumPy (committed, with NumPy's own reading of them in
 * manifest.json, made by scripts/generate_tensor_fixtures.py), refused dtypes, and every way a
 * file can be cut short or lie about itself.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readTensor, readTensors, TensorFormatError } from '../../src/tensor/index.ts';

const DIRECTORY = new URL('../fixtures/tensors/', import.meta.url);

interface Expected {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly bits: string[];
  readonly needs?: 'bfloat16Bits';
}
const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIRECTORY), 'utf8')) as { files: Record<string, Expected[]>; refused: Record<string, string> };
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIRECTORY)));

/** The float64 bit pattern of a double, as 16 hex digits (NaN payloads aside). */
function bitsOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}
const sameBits = (value: number, expected: string): boolean => (Number.isNaN(value) ? expected.startsWith('7ff') || expected.startsWith('fff') : bitsOf(value) === expected);

describe('tensor files written by NumPy', () => {
  it('every fixture is in the manifest', () => {
    const files = readdirSync(DIRECTORY).filter((name) => name !== 'manifest.json');
    for (const name of files) assert.ok(name in manifest.files || name in manifest.refused, name);
  });

  for (const [name, arrays] of Object.entries(manifest.files)) {
    it(`${name}: every element as NumPy reads it, bit for bit`, () => {
      const tensors = readTensors(bytesOf(name), { bfloat16Bits: arrays.some((array) => array.needs === 'bfloat16Bits') });
      assert.deepEqual(
        tensors.map((tensor) => [tensor.name, tensor.dtype, tensor.shape]),
        arrays.map((array) => [array.name, array.dtype, array.shape]),
      );
      tensors.forEach((tensor, t) => {
        assert.equal(tensor.values.length, arrays[t].bits.length);
        tensor.values.forEach((value, i) => assert.ok(sameBits(value, arrays[t].bits[i]), `${name} ${tensor.name}[${i}]: ${bitsOf(value)} ≠ ${arrays[t].bits[i]}`));
      });
    });
  }

  for (const [name, says] of Object.entries(manifest.refused)) {
    it(`${name} is refused, naming ${says}`, () => {
      assert.throws(
        () => readTensors(bytesOf(name)),
        (error: unknown) => error instanceof TensorFormatError && error.message.includes(says),
      );
    });
  }

  it('readTensor picks the one tensor, or the one named', () => {
    assert.equal(readTensor(bytesOf('single.safetensors')).name, 'weights');
    assert.deepEqual(Array.from(readTensor(bytesOf('structured.npy'), { name: 'gradient' }).values.subarray(0, 2), Math.fround), [Math.fround(-0.08331547), 0.5]);
    assert.throws(() => readTensor(bytesOf('multi.safetensors')), /holds 4 tensors \(x, value, gradient, bf\)/);
    assert.throws(() => readTensor(bytesOf('multi.safetensors'), { name: 'y' }), /no tensor named 'y'/);
  });
});

describe('malformed tensor files', () => {
  const readable = Object.keys(manifest.files);

  it('every truncation of every fixture is refused as truncated or short, never read past its end', () => {
    for (const name of readable) {
      const bytes = bytesOf(name);
      const options = { bfloat16Bits: true };
      // Cut at every length: a file of no elements cut in its data does not exist.
      for (let length = 0; length < bytes.length; length++) {
        const cut = bytes.slice(0, length);
        assert.throws(
          () => readTensors(cut, options),
          (error: unknown) => error instanceof TensorFormatError,
          `${name} cut to ${length} of ${bytes.length} bytes`,
        );
      }
    }
  });

  it('a file with more data than its header says is refused', () => {
    for (const name of ['f4_c.npy', 'single.safetensors']) {
      const bytes = bytesOf(name);
      const longer = new Uint8Array(bytes.length + 4);
      longer.set(bytes);
      if (name.endsWith('.npy')) assert.throws(() => readTensors(longer), /needs 44 bytes of data, but 48 follow/);
      // safetensors may leave bytes unused: the tensors still read, within their ranges.
      else assert.equal(readTensors(longer)[0].values.length, 5);
    }
  });

  it('a header that lies about its shape is refused', () => {
    const text = new TextDecoder('latin1').decode(bytesOf('f4_c.npy'));
    for (const [lie, says] of [
      ["'shape': (12,)", 'needs 48 bytes of data, but 44 follow'],
      ["'shape': (10,)", 'needs 40 bytes of data, but 44 follow'],
      ["'shape': (-1,)", 'is not a tuple of sizes'],
      ["'shape': (1e3,)", 'is not a dict literal'],
      ["'shape': (99999999999, 99999999999)", 'too many elements'],
    ] as const) {
      const lying = text.replace("'shape': (11,)", lie.padEnd(14, ' '));
      assert.throws(() => readTensors(Uint8Array.from(lying, (c) => c.charCodeAt(0))), (error: unknown) => error instanceof TensorFormatError && error.message.includes(says), lie);
    }
  });

  it('a header never executes: Python expressions are syntax errors', () => {
    const text = new TextDecoder('latin1').decode(bytesOf('f4_c.npy'));
    const evil = text.replace("'descr': '<f4'", "'descr': __import__('os')");
    assert.throws(() => readTensors(Uint8Array.from(evil, (c) => c.charCodeAt(0))), /not a dict literal/);
  });

  it('random corruption of any header byte gives a TensorFormatError or a well-formed read, never another error', () => {
    const files = readable.map((name) => bytesOf(name));
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.nat(200), fc.integer({ min: 0, max: 255 }), (which, position, byte) => {
        const bytes = files[which].slice();
        bytes[Math.min(position, bytes.length - 1)] = byte;
        try {
          for (const tensor of readTensors(bytes, { bfloat16Bits: true })) assert.equal(tensor.values.length, tensor.shape.reduce((a, b) => a * b, 1));
        } catch (error) {
          if (!(error instanceof TensorFormatError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
  });
});
