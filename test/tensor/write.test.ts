/**
 * Element codecs over every 16-bit pattern, rounding against the core's roundTo, write → read
 * round trips, and NumPy itself reading what act writes and writing what act reads.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { roundTo } from '../../src/core/precision.ts';
import {
  bfloat16Bits,
  bfloat16FromBits,
  float16Bits,
  float16FromBits,
  readTensors,
  TENSOR_DTYPES,
  writeNpy,
  writeSafetensors,
  type TensorDType,
} from '../../src/tensor/index.ts';
import { numpyPython } from '../helpers/python.ts';

describe('16-bit element codecs', () => {
  it('float16: every one of the 65,536 bit patterns decodes to its value and encodes back', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16FromBits(bits);
      const exponent = (bits >> 10) & 0x1f;
      const fraction = bits & 0x3ff;
      if (exponent === 0x1f && fraction !== 0) {
        assert.ok(Number.isNaN(value));
        continue;
      }
      // The value from the definition: (−1)^s · 2^(e−15) · 1.f, or 2^−14 · 0.f when subnormal.
      const expected = (bits & 0x8000 ? -1 : 1) * (exponent === 0 ? (fraction / 1024) * 2 ** -14 : exponent === 0x1f ? Infinity : (1 + fraction / 1024) * 2 ** (exponent - 15));
      assert.ok(Object.is(value, expected), `0x${bits.toString(16)}`);
      assert.equal(float16Bits(value), bits, `0x${bits.toString(16)}`);
    }
  });

  it('bfloat16: every bit pattern is the upper half of the float32 it decodes to, and encodes back', () => {
    const float = new Float32Array(1);
    const words = new Uint32Array(float.buffer);
    for (let bits = 0; bits < 0x10000; bits++) {
      words[0] = bits << 16;
      const value = bfloat16FromBits(bits);
      if (Number.isNaN(float[0])) {
        assert.ok(Number.isNaN(value));
        continue;
      }
      assert.ok(Object.is(value, float[0]), `0x${bits.toString(16)}`);
      assert.equal(bfloat16Bits(value), bits, `0x${bits.toString(16)}`);
    }
  });

  it('encoding a double rounds it once, to nearest with ties to even, as roundTo does', () => {
    const doubles = fc.oneof(fc.double(), fc.double({ min: -70000, max: 70000 }), fc.double({ min: -1e-4, max: 1e-4 }), fc.double({ min: -4e38, max: 4e38 }));
    fc.assert(
      fc.property(doubles, (x) => {
        if (Number.isNaN(x)) return;
        assert.ok(Object.is(float16FromBits(float16Bits(x)), roundTo('float16', x)), `float16 ${x}`);
        assert.ok(Object.is(bfloat16FromBits(bfloat16Bits(x)), roundTo('bfloat16', x)), `bfloat16 ${x}`);
      }),
      { numRuns: 20000 },
    );
    // Just above the midpoint between 1 and 1 + 2^-7: float32 first would round to the midpoint, then down to 1.
    assert.equal(bfloat16FromBits(bfloat16Bits(1 + 2 ** -8 + 2 ** -40)), 1 + 2 ** -7);
    // Ties to even at a midpoint, and the largest finite neighbours.
    assert.equal(bfloat16FromBits(bfloat16Bits(1 + 2 ** -8)), 1);
    assert.equal(float16FromBits(float16Bits(65520)), Infinity);
    assert.equal(float16FromBits(float16Bits(65519.99)), 65504);
    assert.equal(float16Bits(NaN), 0x7e00);
    assert.equal(bfloat16Bits(NaN), 0x7fc0);
  });
});

/** Values a kernel test sends: specials, subnormals of each dtype, huge and tiny. */
const SPECIALS = [0, -0, 1, -1, 0.1, -2.5, 65504, 6e-8, 1e-45, 3.4e38, 1e-300, 1e300, Infinity, -Infinity, NaN];

describe('write then read', () => {
  it('writeNpy and writeSafetensors round-trip every dtype, shape and value (rounded to the dtype)', () => {
    const shapes = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...TENSOR_DTYPES), shapes, fc.array(fc.oneof(fc.double(), fc.constantFrom(...SPECIALS)), { minLength: 256, maxLength: 256 }), (dtype, shape, pool) => {
        const count = shape.reduce((a, b) => a * b, 1);
        const values = Float64Array.from({ length: count }, (_, i) => pool[i % pool.length]);
        const expected = values.map((value) => roundTo(dtype, value));
        const same = (got: Float64Array): void => got.forEach((value, i) => assert.ok(Object.is(value, expected[i]) || (Number.isNaN(value) && Number.isNaN(expected[i]))));
        const [plain] = readTensors(writeNpy({ dtype, shape, values }), { bfloat16Bits: true });
        assert.deepEqual([plain.dtype, plain.shape], [dtype, shape]);
        same(plain.values);
        const structured = readTensors(writeNpy({ dtype, shape, fields: { x: values, value: values } }), { bfloat16Bits: true });
        assert.deepEqual(structured.map((tensor) => tensor.name), ['x', 'value']);
        structured.forEach((tensor) => same(tensor.values));
        const [stored] = readTensors(writeSafetensors([{ name: 't', dtype, shape, values }], { producer: 'test' }));
        assert.deepEqual([stored.name, stored.dtype, stored.shape], ['t', dtype, shape]);
        same(stored.values);
      }),
      { numRuns: 400 },
    );
  });
});

const python = numpyPython();
const directory = mkdtempSync(join(tmpdir(), 'act-tensor-'));

describe('NumPy reads what act writes and writes what act reads', { skip: python ? false : 'NumPy is not installed here (apt-get install -y python3-numpy)' }, () => {
  const run = (script: string): string => {
    const result = spawnSync(python!, ['-c', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const values = Float64Array.from({ length: 1000 }, (_, i) => (i < SPECIALS.length ? SPECIALS[i] : Math.sinh((i - 500) / 17) * 1.000001 ** i));
  const NUMPY_TYPES: Record<TensorDType, string> = { float64: 'np.float64', float32: 'np.float32', float16: 'np.float16', bfloat16: 'np.uint16' };

  for (const dtype of TENSOR_DTYPES) {
    it(`${dtype}: NumPy loads act's .npy, structured .npy and safetensors bytes bit for bit`, () => {
      const expected = values.map((value) => roundTo(dtype, value));
      writeFileSync(join(directory, `${dtype}.npy`), writeNpy({ dtype, shape: [10, 100], values }));
      writeFileSync(join(directory, `${dtype}-fields.npy`), writeNpy({ dtype, shape: [1000], fields: { x: values, value: values.map((v) => -v) } }));
      writeFileSync(join(directory, `${dtype}.safetensors`), writeSafetensors([{ name: 'value', dtype, shape: [1000], values }]));
      // NumPy's reading of each, as float64 bit patterns (bfloat16: the '<u2' bits widened to float32).
      const output = run(`
import numpy as np, json, struct
def widen(a):
    a = np.asarray(a)
    return (a.astype(np.uint32) << 16).view(np.float32) if a.dtype == np.uint16 else a
plain = np.load('${directory}/${dtype}.npy')
fields = np.load('${directory}/${dtype}-fields.npy')
raw = open('${directory}/${dtype}.safetensors', 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
start, end = header['value']['data_offsets']
stored = np.frombuffer(raw[8 + n + start:8 + n + end], dtype=${NUMPY_TYPES[dtype]})
assert plain.dtype == ${NUMPY_TYPES[dtype]} and plain.shape == (10, 100), (plain.dtype, plain.shape)
assert fields.dtype.names == ('x', 'value')
print(json.dumps([str(plain.dtype), header['value']['dtype'], [widen(a).astype(np.float64).tobytes().hex() for a in (plain.reshape(-1), fields['x'], -widen(fields['value']).astype(np.float64), stored)]]))
`);
      const [numpyDtype, safetensorsDtype, hexes] = JSON.parse(output) as [string, string, string[]];
      assert.equal(numpyDtype, { float64: 'float64', float32: 'float32', float16: 'float16', bfloat16: 'uint16' }[dtype]);
      assert.equal(safetensorsDtype, { float64: 'F64', float32: 'F32', float16: 'F16', bfloat16: 'BF16' }[dtype]);
      for (const hex of hexes) {
        const read = new Float64Array(Uint8Array.from(Buffer.from(hex, 'hex')).buffer);
        read.forEach((value, i) => assert.ok(Object.is(value, expected[i]) || (Number.isNaN(value) && Number.isNaN(expected[i])), `${dtype}[${i}]: NumPy ${value}, act ${expected[i]}`));
      }
    });
  }

  it('arrays NumPy writes (random, both byte orders, both memory orders, 3-D) read bit for bit', () => {
    const output = run(`
import numpy as np, json
rng = np.random.default_rng(2026)
out = []
for i, (t, order) in enumerate([('<f8', 'C'), ('>f8', 'F'), ('<f4', 'F'), ('>f4', 'C'), ('<f2', 'C'), ('>f2', 'F')]):
    a = (rng.standard_normal((3, 4, 5)) * 10.0 ** rng.integers(-8, 8, (3, 4, 5))).astype(t)
    a = np.asfortranarray(a) if order == 'F' else np.ascontiguousarray(a)
    np.save('${directory}/random%d.npy' % i, a)
    out.append(np.ascontiguousarray(a).astype('<f8').tobytes().hex())
print(json.dumps(out))
`);
    (JSON.parse(output) as string[]).forEach((hex, i) => {
      const expected = new Float64Array(Uint8Array.from(Buffer.from(hex, 'hex')).buffer);
      const [tensor] = readTensors(new Uint8Array(readFileSync(join(directory, `random${i}.npy`))));
      assert.deepEqual(tensor.shape, [3, 4, 5]);
      assert.deepEqual(Array.from(tensor.values), Array.from(expected), `random${i}.npy`);
    });
  });
});
