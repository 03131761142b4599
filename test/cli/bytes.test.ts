/**
 * The streaming path's byte-level reading and printing, against JavaScript's own Number() and
 * String() (V8's parser and shortest-digit printer, an independent implementation): every binade
 * of both signs, the fast paths' limits, and random bit patterns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readDecimal, isPlainDecimal } from '../../src/cli/decimal-bytes.ts';
import { writeShortest } from '../../src/cli/shortest.ts';
import { runMain } from '../helpers/cli.ts';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const out = Buffer.alloc(64);
/** writeShortest's text, or String()'s where it declines (as the writer does). */
function printed(value: number): { text: string; declined: boolean } {
  const end = writeShortest(value, out, 0);
  return end < 0 ? { text: String(value), declined: true } : { text: out.toString('latin1', 0, end), declined: false };
}

describe('writeShortest prints exactly what String() prints', () => {
  it('at the ends and middles of every binade of both signs, and one ulp either side', () => {
    let declined = 0;
    let total = 0;
    for (let exponent = -1074; exponent <= 1023; exponent++) {
      const base = 2 ** exponent;
      for (const value of [base, base * 1.5, base * (2 - 2 ** -52), base * (1 + 2 ** -52), base * 1.2345678901234567, base * 1.9999]) {
        for (const signed of [value, -value]) {
          if (!Number.isFinite(signed) || signed === 0) continue;
          total++;
          const result = printed(signed);
          if (result.declined) declined++;
          else assert.equal(result.text, String(signed), `${signed}`);
        }
      }
    }
    // Declined: outside 1e-28 ≤ |v| < 1e16 and the powers of two.
    assert.ok(declined < total, `${declined} of ${total} declined`);
  });

  it('for random bit patterns, sigmoid-like values and short decimals', () => {
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (low, high) => {
        words[0] = low;
        words[1] = high;
        const value = bits[0];
        if (!Number.isFinite(value) || value === 0) return;
        const result = printed(value);
        if (!result.declined) assert.equal(result.text, String(value));
      }),
      { seed: 20261201, numRuns: 200_000 },
    );
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        const s = 1 / (1 + Math.exp(-x));
        for (const value of [s, s * (1 - s), x, Number(x.toFixed(6)), Number(x.toPrecision(3))]) {
          if (value === 0) continue;
          const result = printed(value);
          if (!result.declined) assert.equal(result.text, String(value));
        }
      }),
      { seed: 7, numRuns: 100_000 },
    );
  });

  it('for decimals of 1 to 17 digits around every power of ten it handles, where shortest forms are short', () => {
    for (let power = -28; power <= 16; power++) {
      for (let digits = 1; digits <= 17; digits++) {
        for (const mantissa of ['1', '9', '5', '123456789012345678', '999999999999999999', '100000000000000001']) {
          const value = Number(`${mantissa.slice(0, digits)}e${power}`);
          for (const v of [value, value * (1 + 2 ** -52), value * (1 - 2 ** -53)]) {
            if (v === 0 || !Number.isFinite(v)) continue;
            const result = printed(v);
            if (!result.declined) assert.equal(result.text, String(v), `${v}`);
          }
        }
      }
    }
  });

  it('decides nearly every value in its range (the benchmark relies on it)', () => {
    let declined = 0;
    let state = 5;
    for (let i = 0; i < 100_000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const x = (state / 2 ** 32) * 20 - 10;
      const s = 1 / (1 + Math.exp(-x));
      if (printed(s).declined) declined++;
      if (printed(s * (1 - s)).declined) declined++;
    }
    assert.ok(declined < 100, `${declined} of 200,000 declined`);
  });
});

describe('readDecimal reads what Number() reads', () => {
  it('decimals of up to 15 significant digits with powers of ten up to 10^22, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), fc.integer({ min: -22, max: 22 }), fc.boolean(), (mantissa, power, negative) => {
        for (const text of [`${negative ? '-' : ''}${mantissa}e${power}`, `${negative ? '-' : '+'}${(mantissa / 1e6).toFixed(6)}`, `${mantissa}.000`, `.${mantissa}`]) {
          const value = readDecimal(ascii(text), 0, text.length);
          if (value === value) assert.ok(Object.is(value, Number(text)), text);
        }
      }),
      { seed: 11, numRuns: 50_000 },
    );
  });
  it('16 to 19 significant digits (String() and %.17g forms of random doubles), exactly or NaN', () => {
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    let read = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0x3b000000, max: 0x44ffffff }), fc.boolean(), (low, high, negative) => {
        words[0] = low;
        words[1] = high;
        const value = negative ? -bits[0] : bits[0];
        for (const text of [String(value), value.toPrecision(16), value.toPrecision(17), value.toPrecision(19), value.toFixed(18)]) {
          const result = readDecimal(ascii(text), 0, text.length);
          if (result !== result) continue;
          read++;
          assert.ok(Object.is(result, Number(text)), text);
        }
      }),
      { seed: 3, numRuns: 100_000 },
    );
    assert.ok(read > 200_000, `only ${read} read by the fast paths`);
  });
  it('decimals next to the midpoints between doubles, where rounding is hardest', () => {
    // The midpoint between m·2^-52 and (m+1)·2^-52 in [1, 2) is (2m+1)·5^53 / 10^53 exactly;
    // its first 17–19 digits, cut and rounded up, lie within 10^-18 relative of it.
    let state = 17n;
    for (let i = 0; i < 20_000; i++) {
      state = (state * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      const m = 2n ** 52n + (state >> 12n);
      const digits = ((2n * m + 1n) * 5n ** 53n).toString(); // 1.xxx: 54 digits
      for (const count of [17, 18, 19]) {
        const cut = BigInt(digits.slice(0, count));
        for (const kept of [cut, cut + 1n]) {
          const text = `${kept.toString()[0]}.${kept.toString().slice(1)}`;
          const result = readDecimal(ascii(text), 0, text.length);
          if (result === result) assert.ok(Object.is(result, Number(text)), text);
        }
      }
    }
  });
  it('answers NaN beyond the fast path and outside the grammar (Number() or the error decides)', () => {
    for (const text of ['12345678901234567890', '1e23', '1234567890123456e-23', '12345678901234567', '1e-23', '-', '.', '1e', '1e+', '+-1', '1.2.3', '1e5e5', '--1']) {
      assert.ok(Number.isNaN(readDecimal(ascii(text), 0, text.length)), text);
    }
    assert.ok(Object.is(readDecimal(ascii('-0.000'), 0, 6), -0));
    assert.equal(readDecimal(ascii('x 12.5 y'), 2, 6), 12.5);
  });
  it('knows JSON\'s number grammar, the texts printed as given', () => {
    const plain = ['0', '-0', '1.500000', '-3.0136184431478023', '1e5', '2E-7', '0.1e+3'];
    const other = ['+1', '01', '.5', '5.', '-', '1e', '00.1', '1.e5'];
    for (const text of plain) assert.equal(isPlainDecimal(ascii(text), 0, text.length), true, text);
    for (const text of other) assert.equal(isPlainDecimal(ascii(text), 0, text.length), false, text);
  });
});

describe('x is printed as given', () => {
  it('a plain decimal keeps its text, trailing zeros included, in every text format; other forms print String(x)', async () => {
    const stdin = [Buffer.from('1.500000\n-0.000\n+2\n.5\n1e400\n3.0136184431478023\n')];
    const tsv = await runMain(['relu', '--format', 'tsv'], { stdin });
    assert.equal(tsv.stdout, 'x\tvalue\tgradient\n1.500000\t1.500000\t1\n-0.000\t0\t1\n2\t2\t1\n0.5\t0.5\t1\nInfinity\tInfinity\t1\n3.0136184431478023\t3.0136184431478023\t1\n');
    const ndjson = await runMain(['relu', '--format', 'ndjson'], { stdin });
    assert.equal(ndjson.stdout.split('\n')[0], '{"x":1.500000,"value":1.500000,"gradient":1}');
    assert.equal(ndjson.stdout.split('\n')[4], '{"x":"Infinity","value":"Infinity","gradient":1}');
    const args = await runMain(['sigmoid', '0.50', '--format', 'csv', '--precision', '3']);
    assert.equal(args.stdout, 'x,value,gradient\n0.50,0.622,0.235\n');
    const table = await runMain(['relu', '1.50', '-2.0', '--no-color']);
    assert.equal(table.stdout, "   x   relu(x)  relu'(x)\n1.50      1.50         1\n-2.0         0         0\n");
    const json = await runMain(['identity', '2.50', '--json']);
    assert.match(json.stdout, /\{"x":2\.50,"value":2\.50,"gradient":1\}/);
  });

  it("only the value repeats x's text: a gradient equal to x is printed as itself (relu' = 1 at x > 0)", async () => {
    const stdin = [Buffer.from('1.0000000000000000001\n1e0\n1.000\n')];
    for (const [format, expected] of [
      ['csv', 'x,value,gradient\n1.0000000000000000001,1.0000000000000000001,1\n1e0,1e0,1\n1.000,1.000,1\n'],
      ['ndjson', '{"x":1.0000000000000000001,"value":1.0000000000000000001,"gradient":1}\n{"x":1e0,"value":1e0,"gradient":1}\n{"x":1.000,"value":1.000,"gradient":1}\n'],
    ]) {
      assert.equal((await runMain(['relu', '--format', format], { stdin })).stdout, expected, format);
      // The general renderer (a chosen column order) as well as the straight CSV loop.
      const reordered = (await runMain(['relu', '--format', format, '--fields', 'gradient,x,value'], { stdin })).stdout;
      assert.ok(!/"?gradient"?:?,?1e0|^1e0,1e0,1e0$/m.test(reordered), reordered);
      assert.match(reordered, format === 'csv' ? /^1,1e0,1e0$/m : /\{"gradient":1,"x":1e0,"value":1e0\}/);
    }
    const table = await runMain(['relu', '1e0', '1.0000000000000000001', '--no-color']);
    assert.equal(table.stdout, "                    x                relu(x)  relu'(x)\n                  1e0                    1e0         1\n1.0000000000000000001  1.0000000000000000001         1\n");
    // e^x is its own derivative: the gradient repeats the value's own text, never x's.
    assert.equal((await runMain(['exponential', '0.0', '--format', 'csv'])).stdout, 'x,value,gradient\n0.0,1,1\n');
  });
});

describe('readDecimal judges plainness as isPlainDecimal does', () => {
  it('for every token it reads', async () => {
    const { lastDecimal } = await import('../../src/cli/decimal-bytes.ts');
    fc.assert(
      fc.property(fc.stringMatching(/^[+-]?[0-9]{0,4}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,3})?$/), (text) => {
        const bytes = ascii(text);
        const value = readDecimal(bytes, 0, bytes.length);
        if (value === value) assert.equal(lastDecimal.plain, isPlainDecimal(bytes, 0, bytes.length), text);
      }),
      { seed: 5, numRuns: 20_000 },
    );
  });
});
