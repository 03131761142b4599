/**
 * Tensors through the CLI: --file x.npy/x.safetensors in, --format npy/safetensors out,
 * verify on tensors, and the failures a kernel test meets (bad dtypes, truncation, terminals,
 * interrupted writes).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readTensors, writeNpy, writeSafetensors } from '../../src/tensor/index.ts';
import { BIN, runAct, runMain, runShell } from '../helpers/cli.ts';
import { numpyPython, torchPython } from '../helpers/python.ts';

const directory = mkdtempSync(join(tmpdir(), 'act-tensors-'));
const path = (name: string): string => join(directory, name);
const read = (name: string, bfloat16Bits = false): ReturnType<typeof readTensors> => readTensors(new Uint8Array(readFileSync(path(name))), { bfloat16Bits });
/** act's binary output, kept as bytes (runAct decodes stdout as UTF-8). */
function actBytes(args: readonly string[]): { code: number; stdout: Buffer; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '' }, maxBuffer: 1 << 28 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString() };
}
const linspace = (from: number, to: number, count: number): Float64Array => Float64Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
/** act's JSON, with its "NaN", "Infinity" and "-Infinity" strings as numbers. */
const parseJson = (text: string): unknown => JSON.parse(text, (_key, value: unknown) => (value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value));
const jsonResults = (text: string): Array<{ x: number; value: number; gradient: number }> => (parseJson(text) as { results: Array<{ x: number; value: number; gradient: number }> }).results;
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

writeFileSync(path('x32.npy'), writeNpy({ dtype: 'float32', shape: [1001], values: linspace(-5, 5, 1001) }));

describe('evaluating a tensor file', () => {
  it('--format npy writes x, value and gradient in the file’s dtype, equal bit for bit to the JSON output', () => {
    const npy = actBytes(['gelu', '--file', path('x32.npy'), '--format', 'npy']);
    assert.equal(npy.code, 0, npy.stderr);
    writeFileSync(path('y32.npy'), npy.stdout);
    const fields = read('y32.npy');
    assert.deepEqual(fields.map((field) => [field.name, field.dtype, field.shape]), [['x', 'float32', [1001]], ['value', 'float32', [1001]], ['gradient', 'float32', [1001]]]);
    const json = runAct(['gelu', '--file', path('x32.npy'), '--dtype', 'float32', '--format', 'json']);
    const rows = jsonResults(json.stdout);
    assert.equal(JSON.parse(json.stdout).dtype, 'float32');
    rows.forEach((row, i) => {
      assert.ok(same(fields[0].values[i], row.x) && same(fields[1].values[i], row.value) && same(fields[2].values[i], row.gradient), `row ${i}`);
    });
  });

  it('--format safetensors in bfloat16: tensors x, value, gradient of dtype BF16 that match the JSON output', () => {
    const out = actBytes(['gelu', '--file', path('x32.npy'), '--dtype', 'bfloat16', '--format', 'safetensors', '--fields', 'value,gradient']);
    assert.equal(out.code, 0, out.stderr);
    writeFileSync(path('y.safetensors'), out.stdout);
    const tensors = read('y.safetensors');
    assert.deepEqual(tensors.map((tensor) => [tensor.name, tensor.dtype, tensor.shape]), [['value', 'bfloat16', [1001]], ['gradient', 'bfloat16', [1001]]]);
    const rows = jsonResults(runAct(['gelu', '--file', path('x32.npy'), '--dtype', 'bfloat16', '--json']).stdout);
    rows.forEach((row, i) => assert.ok(same(tensors[0].values[i], row.value) && same(tensors[1].values[i], row.gradient), `row ${i}`));
  });

  it('keeps the shape; a Fortran-order array comes out in row-major order; --tensor picks a safetensors tensor', () => {
    const values = Float64Array.from({ length: 24 }, (_, i) => i / 4 - 3);
    writeFileSync(path('many.safetensors'), writeSafetensors([{ name: 'a', dtype: 'float64', shape: [2, 3, 4], values }, { name: 'b', dtype: 'float16', shape: [2], values: Float64Array.of(1, 2) }]));
    const several = runAct(['relu', '--file', path('many.safetensors')]);
    assert.equal(several.code, 2);
    assert.match(several.stderr, /holds 2 tensors \(a, b\)\nPick one with --tensor NAME\.\n$/);
    const out = actBytes(['relu', '--file', path('many.safetensors'), '--tensor', 'a', '--format', 'npy', '--fields', 'value']);
    writeFileSync(path('relu.npy'), out.stdout);
    const [value] = read('relu.npy');
    assert.deepEqual(value.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(value.values), Array.from(values, (x) => Math.max(x, 0)));
    // The same numbers as a column-major file (the bytes of the transposed array, flagged fortran_order).
    const transposedBytes = writeNpy({ dtype: 'float64', shape: [4, 3, 2], values: Float64Array.from({ length: 24 }, (_, i) => values[(i % 2) * 12 + (Math.floor(i / 2) % 3) * 4 + Math.floor(i / 6)]) });
    const header = new TextDecoder('latin1').decode(transposedBytes.subarray(0, 128)).replace("'fortran_order': False, 'shape': (4, 3, 2)", "'fortran_order': True,  'shape': (2, 3, 4)");
    writeFileSync(path('fortran.npy'), Buffer.concat([Buffer.from(header, 'latin1'), transposedBytes.subarray(128)]));
    const csv = runAct(['identity', '--file', path('fortran.npy'), '--format', 'csv', '--fields', 'x']);
    assert.equal(csv.stdout, 'x\n' + Array.from(values, String).join('\n') + '\n');
  });

  it('a vector function runs along the last axis, or --axis K, and writes tensors in the input’s layout', () => {
    const values = Float64Array.of(1, 2, 3, 0, -Infinity, 5);
    writeFileSync(path('logits.npy'), writeNpy({ dtype: 'float64', shape: [2, 3], values }));
    const rows = actBytes(['softmax', '--file', path('logits.npy'), '--format', 'npy']);
    assert.equal(rows.code, 0, rows.stderr);
    writeFileSync(path('softmax.npy'), rows.stdout);
    const [, value, gradient] = read('softmax.npy');
    for (const [r, row] of [[0, [1, 2, 3]], [1, [0, -Infinity, 5]]] as const) {
      const text = jsonResults(runAct(['softmax', ...row.map(String), '--json']).stdout);
      text.forEach((entry, i) => assert.ok(same(value.values[r * 3 + i], entry.value) && same(gradient.values[r * 3 + i], entry.gradient)));
    }
    const columns = actBytes(['log_softmax', '--file', path('logits.npy'), '--axis', '0', '--format', 'safetensors', '--jacobian']);
    writeFileSync(path('columns.safetensors'), columns.stdout);
    const tensors = Object.fromEntries(read('columns.safetensors').map((tensor) => [tensor.name, tensor]));
    assert.deepEqual(tensors.jacobian.shape, [3, 2, 2]);
    for (let column = 0; column < 3; column++) {
      const result = parseJson(runAct(['log_softmax', String(values[column]), String(values[3 + column]), '--json']).stdout) as { results: Array<{ value: number }>; jacobian: number[][] };
      result.results.forEach((entry, i) => assert.ok(same(tensors.value.values[i * 3 + column], entry.value), `column ${column} row ${i}`));
      assert.deepEqual(Array.from(tensors.jacobian.values.subarray(column * 4, column * 4 + 4)), result.jacobian.flat(), `column ${column}`);
    }
    const scalar = runAct(['logsumexp', '--file', path('logits.npy'), '--format', 'npy']);
    assert.equal(scalar.code, 2);
    assert.match(scalar.stderr, /--format npy holds one record per element, but logsumexp of 3 numbers has 1 output\nUse --format safetensors/);
  });

  it('a tensor on stdin reads with --file -, and piped as text is named', () => {
    const viaStdin = runShell(`$ACT relu --file - --format csv < '${path('logits.npy')}'`);
    assert.equal(viaStdin.stdout, 'x,value,gradient\n1,1,1\n2,2,1\n3,3,1\n0,0,1\n-Infinity,0,0\n5,5,1\n');
    const piped = runShell(`$ACT relu < '${path('logits.npy')}'`);
    assert.equal(piped.code, 2);
    assert.equal(piped.stderr, 'act: stdin holds a .npy file, not numbers as text\nRead it with --file - (or --file PATH), which knows tensor files.\n');
  });

  it('compare reads a tensor file too', () => {
    const result = runAct(['compare', 'hardswish', '--file', path('logits.npy'), '--frameworks', 'torch,jax', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\n')[1], '1,0.6666666666666666,0.8333333333333334,0.6666666666666666,0.8333333333333334');
  });
});

describe('bad tensor files', () => {
  const bytes = readFileSync(path('x32.npy'));
  writeFileSync(path('int32.npy'), Buffer.concat([Buffer.from(bytes.subarray(0, 128).toString('latin1').replace("'<f4'", "'<i4'"), 'latin1'), bytes.subarray(128)]));
  writeFileSync(path('object.npy'), Buffer.concat([Buffer.from(bytes.subarray(0, 128).toString('latin1').replace("'<f4'", "'|O' "), 'latin1'), bytes.subarray(128)]));
  writeFileSync(path('truncated.npy'), bytes.subarray(0, bytes.length - 3));
  writeFileSync(path('header-cut.npy'), bytes.subarray(0, 60));

  for (const [file, message] of [
    ['int32.npy', "holds int32 elements ('<i4'); act reads float16, float32 and float64 (and bfloat16 as 2-byte bit patterns)"],
    ['object.npy', "holds object elements ('|O'): pickled Python objects, which act never loads"],
    ['truncated.npy', 'truncated: its shape (1001,) of float32 needs 4004 bytes of data, but 4001 follow the header'],
    ['header-cut.npy', 'truncated: the header says it is 128 bytes long, but the file has 60'],
  ] as const) {
    it(`${file}: exit 2 and one line, in every command that reads it`, () => {
      for (const args of [['gelu', '--file', path(file)], ['softmax', '--file', path(file)], ['compare', 'gelu', '--file', path(file)], ['verify', 'gelu', '--x', path(file), '--value', path('x32.npy')]]) {
        const result = runAct(args);
        assert.equal(result.code, 2, args.join(' '));
        assert.equal(result.stderr, `act: ${path(file)}: ${message}\n`, args.join(' '));
        assert.equal(result.stdout, '');
      }
    });
  }

  it('2-byte unsigned elements are bfloat16 bits only with --dtype bfloat16', () => {
    writeFileSync(path('bits.npy'), writeNpy({ dtype: 'bfloat16', shape: [2], values: Float64Array.of(1.5, -3) }));
    const refused = runAct(['relu', '--file', path('bits.npy')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /holds uint16 elements \('<u2'\), not floats\nIf they are bfloat16 bit patterns, give --dtype bfloat16\.\n$/);
    assert.equal(runAct(['relu', '--file', path('bits.npy'), '--dtype', 'bfloat16', '--format', 'csv']).stdout, 'x,value,gradient\n1.5,1.5,1\n-3,0,0\n');
  });
});

describe('binary output', () => {
  it('is refused on a terminal, with a hint', async () => {
    const result = await runMain(['relu', '1', '--format', 'npy'], { stdoutIsTTY: true });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'act: --format npy writes binary data, and stdout is a terminal\nRedirect it (act … > out.npy) or give --output out.npy.\n');
    assert.equal((await runMain(['relu', '1', '--format', 'npy', '--output', path('tty.npy')], { stdoutIsTTY: true })).code, 0);
    assert.deepEqual(Array.from(read('tty.npy')[1].values), [1]);
  });

  it('numbers as text become a 1-D tensor', () => {
    const out = actBytes(['sigmoid', '0', '-inf', 'nan', '--format', 'safetensors']);
    writeFileSync(path('text.safetensors'), out.stdout);
    const [x, value, gradient] = read('text.safetensors');
    assert.deepEqual([x.shape, Array.from(value.values.subarray(0, 2)), Array.from(gradient.values.subarray(0, 2))], [[3], [0.5, 0], [0.25, 0]]);
    assert.ok(Number.isNaN(value.values[2]));
  });

  it('--output replaces the file only when the output is complete, and leaves no temporary file', () => {
    writeFileSync(path('kept.npy'), 'old contents');
    const failed = runAct(['gelu', '--file', path('truncated.npy'), '--format', 'npy', '--output', path('kept.npy')]);
    assert.equal(failed.code, 2);
    assert.equal(readFileSync(path('kept.npy'), 'utf8'), 'old contents');
    const written = runAct(['gelu', '--file', path('x32.npy'), '--format', 'npy', '--output', path('kept.npy')]);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(read('kept.npy')[0].values.length, 1001);
    const text = runAct(['relu', '7', '-7', '--format', 'csv', '--output', path('relu.csv')]);
    assert.equal([text.code, text.stdout, readFileSync(path('relu.csv'), 'utf8')].join('|'), '0||x,value,gradient\n7,7,1\n-7,0,0\n');
    const nowhere = runAct(['relu', '1', '--format', 'npy', '--output', join(directory, 'no-such-directory', 'y.npy')]);
    assert.equal(nowhere.code, 74);
    assert.match(nowhere.stderr, /^act: cannot write '.*y\.npy': no such file or directory\n$/);
    assert.deepEqual(readdirSync(directory).filter((name) => name.includes('.act-')), []);
  });

  it('an interrupted --output leaves neither the file nor a temporary file', async () => {
    writeFileSync(path('big.npy'), writeNpy({ dtype: 'float64', shape: [4_000_000], values: linspace(-30, 30, 4_000_000) }));
    const child = spawn(process.execPath, [BIN, 'gelu', '--file', path('big.npy'), '--format', 'safetensors', '--output', path('interrupted.safetensors')]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGINT');
    const signal = await new Promise((resolve) => child.on('exit', (_code, how) => resolve(how)));
    assert.equal(signal, 'SIGINT');
    assert.equal(existsSync(path('interrupted.safetensors')), false);
    assert.deepEqual(readdirSync(directory).filter((name) => name.includes('.act-')), []);
  });
});

describe('verify on tensors', () => {
  const out = actBytes(['gelu', '--file', path('x32.npy'), '--format', 'npy']);
  writeFileSync(path('want.npy'), out.stdout);
  const [, value, gradient] = read('want.npy');
  writeFileSync(path('value.npy'), writeNpy({ dtype: 'float32', shape: [1001], values: value.values }));
  writeFileSync(path('gradient.npy'), writeNpy({ dtype: 'float32', shape: [1001], values: gradient.values }));
  const nudged = value.values.slice();
  // One element 1 ulp up in float32.
  nudged[700] = new Float32Array(new Uint32Array([new Uint32Array(new Float32Array([nudged[700]]).buffer)[0] + 1]).buffer)[0];
  writeFileSync(path('nudged.npy'), writeNpy({ dtype: 'float32', shape: [1001], values: nudged }));

  it('passes on act’s own output: separate files, or one structured .npy', () => {
    const separate = runAct(['verify', 'gelu', '--x', path('x32.npy'), '--value', path('value.npy'), '--gradient', path('gradient.npy'), '--ulps', '0']);
    assert.equal(separate.code, 0, separate.stderr);
    assert.equal(
      separate.stdout,
      'PASS gelu (float32): 1001 elements, 2002 numbers checked, 0 mismatches beyond 0 ulps of float32\n  value:    1001 numbers, 0 mismatches, worst 0 ulps\n  gradient: 1001 numbers, 0 mismatches, worst 0 ulps\n',
    );
    assert.equal(runAct(['verify', 'gelu', '--file', path('want.npy'), '--ulps', '0']).code, 0);
    const fromStdin = runShell(`$ACT verify gelu --file - --ulps 0 < '${path('want.npy')}'`);
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.match(fromStdin.stdout, /^PASS gelu \(float32\): 1001 elements/);
  });

  it('fails on one element 1 ulp off, naming its index', () => {
    const result = runAct(['verify', 'gelu', '--x', path('x32.npy'), '--value', path('nudged.npy'), '--ulps', '0']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^FAIL gelu \(float32\): 1001 elements, 1001 numbers checked, 1 mismatch beyond 0 ulps of float32\n {2}value: {4}1001 numbers, 1 mismatch, worst 1 ulp\nworst: 1 ulp .* in the value at x = 2 \(at \[700\]\)\n/);
    const json = JSON.parse(runAct(['verify', 'gelu', '--x', path('x32.npy'), '--value', path('nudged.npy'), '--ulps', '0', '--json']).stdout);
    assert.deepEqual([json.worst.index, json.fields.value], [[700], { checked: 1001, mismatches: 1, worstUlps: 1 }]);
    // In two dimensions, the index is a pair.
    writeFileSync(path('x2d.npy'), writeNpy({ dtype: 'float32', shape: [7, 143], values: linspace(-5, 5, 1001) }));
    writeFileSync(path('nudged2d.npy'), writeNpy({ dtype: 'float32', shape: [7, 143], values: nudged }));
    assert.match(runAct(['verify', 'gelu', '--x', path('x2d.npy'), '--value', path('nudged2d.npy'), '--ulps', '0']).stdout, /\(at \[4, 128\]\)/);
  });

  it('refuses mismatched shapes, a dtype other than the file’s, and missing pieces', () => {
    const shapes = runAct(['verify', 'gelu', '--x', path('x2d.npy'), '--value', path('value.npy')]);
    assert.equal(shapes.stderr, `act: --value ${path('value.npy')} has shape (1001,), but --x ${path('x2d.npy')} has (7, 143)\n`);
    const dtype = runAct(['verify', 'gelu', '--x', path('x32.npy'), '--value', path('value.npy'), '--dtype', 'float16']);
    assert.equal(dtype.code, 2);
    assert.match(dtype.stderr, /^act: --dtype float16, but --value .* holds float32\n/);
    assert.match(runAct(['verify', 'gelu', '--value', path('value.npy')]).stderr, /give --x x\.npy too/);
    assert.match(runAct(['verify', 'gelu', '--x', path('x32.npy')]).stderr, /--x needs --value and\/or --gradient/);
    assert.match(runAct(['verify', 'gelu', '--file', path('value.npy')]).stderr, /holds one unnamed array; verify needs arrays named x and value/);
    assert.match(runAct(['verify', 'gelu']).stderr, /give --file F, or --x x\.npy --value y\.npy/);
  });

  it("a parameter named like one of verify's options is --param-<name>", () => {
    writeFileSync(path('threshold.npy'), writeNpy({ dtype: 'float32', shape: [3], values: Float64Array.of(-1, 0.5, 2) }));
    writeFileSync(path('threshold-value.npy'), writeNpy({ dtype: 'float32', shape: [3], values: Float64Array.of(-7, -7, 2) }));
    const result = runAct(['verify', 'threshold', '--x', path('threshold.npy'), '--value', path('threshold-value.npy'), '--threshold', '1', '--param-value', '-7', '--ulps', '0']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});

const python = numpyPython();
describe('with NumPy (and PyTorch) themselves', { skip: python ? false : 'NumPy is not installed here (apt-get install -y python3-numpy)' }, () => {
  it('the issue’s example: NumPy’s linspace through act gelu in float32, equal bit for bit to the JSON', () => {
    const script = `
import numpy as n, json, subprocess, sys
n.save('${path('np-x.npy')}', n.linspace(-5, 5, 1001, dtype=n.float32))
out = subprocess.run([sys.argv[1], '${BIN}', 'gelu', '--file', '${path('np-x.npy')}', '--dtype', 'float32', '--format', 'npy'], capture_output=True, check=True).stdout
open('${path('np-y.npy')}', 'wb').write(out)
y = n.load('${path('np-y.npy')}')
js = json.loads(subprocess.run([sys.argv[1], '${BIN}', 'gelu', '--file', '${path('np-x.npy')}', '--dtype', 'float32', '--format', 'json'], capture_output=True, check=True).stdout)
want = n.array([r['value'] for r in js['results']], dtype=n.float64)
assert y['value'].dtype == n.float32, y['value'].dtype
assert (y['value'].astype(n.float64).view(n.uint64) == want.view(n.uint64)).all()
print('ok', len(want))
`;
    const result = spawnSync(python!, ['-c', script, process.execPath], { encoding: 'utf8' });
    assert.equal(result.stdout, 'ok 1001\n', result.stderr);
  });

  const torch = torchPython();
  it('bfloat16 safetensors load in PyTorch with torch.frombuffer and match the JSON', { skip: torch ? false : 'PyTorch is not installed here (apt-get install -y python3-torch)' }, () => {
    const script = `
import json, struct, subprocess, sys, torch
raw = subprocess.run([sys.argv[1], '${BIN}', 'gelu', '--file', '${path('x32.npy')}', '--dtype', 'bfloat16', '--format', 'safetensors'], capture_output=True, check=True).stdout
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
start, end = header['value']['data_offsets']
value = torch.frombuffer(bytearray(raw[8 + n + start:8 + n + end]), dtype=torch.bfloat16)
js = json.loads(subprocess.run([sys.argv[1], '${BIN}', 'gelu', '--file', '${path('x32.npy')}', '--dtype', 'bfloat16', '--json'], capture_output=True, check=True).stdout)
want = torch.tensor([r['value'] for r in js['results']], dtype=torch.float64)
assert header['value']['dtype'] == 'BF16'
assert torch.equal(value.to(torch.float64), want)
print('ok', value.numel())
`;
    const result = spawnSync(torch!, ['-c', script, process.execPath], { encoding: 'utf8' });
    assert.equal(result.stdout, 'ok 1001\n', result.stderr);
  });
});

describe('shapes at the edges', () => {
  it('a 0-d array, an empty array, and the JSON header naming the shape', () => {
    writeFileSync(path('scalar.npy'), writeNpy({ dtype: 'float64', shape: [], values: Float64Array.of(-2) }));
    writeFileSync(path('empty.npy'), writeNpy({ dtype: 'float32', shape: [0, 3], values: new Float64Array(0) }));
    const json = JSON.parse(runAct(['relu', '--file', path('scalar.npy'), '--json']).stdout);
    assert.deepEqual([json.shape, json.results], [[], [{ x: -2, value: 0, gradient: 0 }]]);
    const scalarOut = actBytes(['relu', '--file', path('scalar.npy'), '--format', 'npy']);
    writeFileSync(path('scalar-out.npy'), scalarOut.stdout);
    assert.deepEqual(read('scalar-out.npy').map((tensor) => [tensor.shape, Array.from(tensor.values)]), [[[], [-2]], [[], [0]], [[], [0]]]);
    const emptyOut = actBytes(['gelu', '--file', path('empty.npy'), '--format', 'safetensors']);
    writeFileSync(path('empty-out.safetensors'), emptyOut.stdout);
    assert.deepEqual(read('empty-out.safetensors').map((tensor) => [tensor.name, tensor.dtype, tensor.shape, tensor.values.length]), [['x', 'float32', [0, 3], 0], ['value', 'float32', [0, 3], 0], ['gradient', 'float32', [0, 3], 0]]);
    assert.equal(runAct(['relu', '--file', path('empty.npy'), '--format', 'csv']).stdout, 'x,value,gradient\n');
    const vectorOfScalar = runAct(['softmax', '--file', path('scalar.npy')]);
    assert.equal(vectorOfScalar.stderr, `act: ${path('scalar.npy')} holds a single number (shape ()); a vector function needs at least one axis\n`);
  });

  it('--axis is checked against the shape, and needs a tensor', () => {
    assert.equal(runAct(['softmax', '--file', path('logits.npy'), '--axis', '2']).stderr, `act: --axis 2: ${path('logits.npy')} has 2 axes (shape (2, 3)); give one from -2 to 1\n`);
    assert.equal(runAct(['softmax', '1', '2', '--axis', '0']).stderr, 'act: --axis picks the axis of a tensor --file (.npy or safetensors)\n');
    const negative = actBytes(['softmax', '--file', path('logits.npy'), '--axis', '-2', '--format', 'safetensors', '--output', path('axis.safetensors')]);
    assert.equal(negative.code, 0, negative.stderr);
    const byIndex = actBytes(['softmax', '--file', path('logits.npy'), '--axis', '0', '--format', 'safetensors']);
    assert.deepEqual(readFileSync(path('axis.safetensors')), byIndex.stdout);
  });
});
