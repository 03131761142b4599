/** Vector functions through the CLI: one vector from the arguments, one per line on stdin. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAct, runMain } from '../helpers/cli.ts';

describe('vector functions on the command line', () => {
  it('softmax 1 2 3 --json: values, diagonal, Jacobian', () => {
    const result = JSON.parse(runAct(['softmax', '1', '2', '3', '--json']).stdout);
    assert.equal(result.function, 'softmax');
    assert.deepEqual(result.results.map((row: { value: number }) => row.value), [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]);
    assert.deepEqual(result.results.map((row: { gradient: number }) => row.gradient), [0.08192506906499322, 0.1848364465099787, 0.22269542653462335]);
    assert.equal(result.jacobian.length, 3);
    assert.equal(result.vjp, undefined);
  });

  it('--upstream adds the VJP', () => {
    const result = JSON.parse(runAct(['softmax', '1', '2', '3', '--upstream', '1,0,0', '--json']).stdout);
    assert.deepEqual(result.vjp, [0.08192506906499322, -0.022033044520174298, -0.059892024544818935]);
  });

  it('logsumexp prints its one value', () => {
    const out = runAct(['logsumexp', '1000', '1001', '1002']).stdout;
    assert.match(out, /logsumexp\(x\) = 1002\.4076059644444/);
    assert.equal(JSON.parse(runAct(['logsumexp', '1000', '1001', '1002', '--json']).stdout).value, 1002.4076059644444);
  });

  it('the table notes that the gradient column is the diagonal, and --jacobian prints the matrix', () => {
    const out = runAct(['sparsemax', '1', '0.5', '-1', '--jacobian']).stdout;
    assert.match(out, /Jacobian's diagonal/);
    assert.match(out, /# Jacobian ∂y_i\/∂x_j/);
    assert.match(out, /\n 0\.5 {2}-0\.5 {2}0\n-0\.5 {3}0\.5 {2}0\n/);
  });

  it('each line on stdin is one vector: two NDJSON objects', async () => {
    const result = await runMain(['softmax', '--format', 'ndjson'], { stdin: '1 2 3\n0 0 0\n' });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[1].results.map((row: { value: number }) => row.value), [1 / 3, 1 / 3, 1 / 3]);
  });

  it('csv from stdin numbers the vectors', async () => {
    const result = await runMain(['softmax', '--format', 'csv', '--fields', 'x,value'], { stdin: '0 0\n5\n' });
    assert.equal(result.stdout, 'vector,x,value\n1,0,0.5\n1,0,0.5\n2,5,1\n');
  });

  it('glu of three numbers and an upstream of the wrong length are usage errors', async () => {
    const odd = runAct(['glu', '1', '2', '3']);
    assert.equal(odd.code, 2);
    assert.match(odd.stderr, /^act: glu splits the vector into two halves, so it needs an even number of elements \(got 3\)$/m);
    const wrong = runAct(['softmax', '1', '2', '3', '--upstream', '1,2']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--upstream has 2 numbers/);
    const line = await runMain(['glu'], { stdin: '1 2\n1 2 3\n' });
    assert.equal(line.code, 2);
    assert.match(line.stderr, /line 2 of stdin/);
  });

  it('describe and help show the Jacobian formula', () => {
    assert.match(runAct(['describe', 'softmax']).stdout, /Jacobian: J = diag\(y\) − y·yᵀ/);
    assert.match(runAct(['softmax', '--help']).stdout, /--upstream <list>/);
  });
});

describe('no requested output is dropped (issue #13)', () => {
  // The expected numbers: softmax(1, 2) = (σ(−1), σ(1)) and its Jacobian diag(y) − y·yᵀ (PyTorch 1.13 gives the same).
  it('softmax 1 2 --jacobian --format csv carries the Jacobian as columns d_0, d_1 on the output rows', () => {
    assert.equal(
      runAct(['softmax', '1', '2', '--jacobian', '--format', 'csv']).stdout,
      'x,value,gradient,d_0,d_1\n1,0.2689414213699951,0.19661193324148185,0.19661193324148185,-0.19661193324148185\n2,0.7310585786300049,0.19661193324148185,-0.19661193324148185,0.19661193324148185\n',
    );
  });

  it('glu 1 2 3 4 --upstream 1,1 --format csv carries the vjp on the input rows, leaving output cells empty past n/2', () => {
    const lines = runAct(['glu', '1', '2', '3', '4', '--upstream', '1,1', '--format', 'tsv']).stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'x\tvalue\tgradient\tvjp');
    assert.equal(lines.length, 5);
    // rows 3 and 4 are inputs b_1, b_2: only x and vjp (a_i·σ′(b_i) with a = (1, 2), b = (3, 4))
    assert.match(lines[3], /^3\t\t\t0\.0451766597309121/);
    assert.match(lines[4], /^4\t\t\t0\.0353254124265822/);
  });

  it('logsumexp 1 2 --format csv has its value in a column of its own', () => {
    assert.equal(runAct(['logsumexp', '1', '2', '--format', 'csv']).stdout, 'x,value,gradient\n1,2.313261687518223,0.2689414213699951\n2,2.313261687518223,0.7310585786300049\n');
  });

  it('--fields x,vjp without --upstream is a usage error', () => {
    const result = runAct(['softmax', '1', '2', '--fields', 'x,vjp']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'act: --fields vjp needs --upstream g1,g2,… (the upstream gradient)\n');
  });

  it('several stdin vectors with --format json form one JSON document, an array', () => {
    const result = runAct(['softmax', '--format', 'json'], { input: '1 2\n3 4 5\n' });
    const documents = JSON.parse(result.stdout);
    assert.ok(Array.isArray(documents));
    assert.equal(documents.length, 2);
    assert.equal(documents[1].results.length, 3);
  });

  it('plot --svg followed by an option is not a file name', () => {
    const result = runAct(['plot', 'gelu', '--svg', '--no-color']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "act: --svg needs a file name ('-' for stdout); got '--no-color'\n");
  });

  it('act plot leaky_relu elu (both spell --alpha) works, and --alpha reaches every function that takes it', () => {
    assert.equal(runAct(['plot', 'leaky_relu', 'elu', '--no-color']).code, 0);
    assert.match(runAct(['plot', 'elu', 'celu', '--alpha', '2', '--no-color']).stdout, /^elu\(alpha=2\), celu\(alpha=2\)/);
  });
});
