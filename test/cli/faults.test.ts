/**
 * Fault injection, without root: writes that fail mid-stream (`ulimit -f` with SIGXFSZ ignored, so
 * that write(2) returns EFBIG as on a full disk), readers that close the pipe early, signals in the
 * middle of a range or a vector, and huge or hostile inputs. Each case asserts the exit code, the
 * one-line message and that output is either complete or reported as failed (SPEC §5).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BIN, runAct, runShell } from '../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'act-faults-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs `command` (with $ACT) in bash under a 32-block file-size limit, writes failing with EFBIG. */
function underFileLimit(command: string): { code: number; stderr: string } {
  const result = runShell(`cd '${work}' && ulimit -f 32 && trap '' XFSZ && ${command}`);
  return { code: result.code, stderr: result.stderr };
}

describe('a write that fails mid-stream is reported: exit 74, one line', () => {
  const cases = [
    ['element-wise table', '$ACT gelu --linspace -3:3:5000 > f.txt'],
    ['element-wise CSV', '$ACT relu --range 0:100000:1 --format csv > f.csv'],
    ['vector JSON', '$ACT softmax --range 0:100000:1 --json > f.json'],
    ['vector CSV with the Jacobian', '$ACT softmax --range 0:2000:1 --jacobian --format csv > f.csv'],
    ['compare', 'seq 1 100000 | $ACT compare relu > f.txt'],
    ['plot --svg -', '$ACT plot gelu silu mish --svg - --width 4000 > f.svg'],
  ];
  for (const [what, command] of cases) {
    it(`${what}: ${command}`, () => {
      const result = underFileLimit(command);
      assert.equal(result.code, 74, result.stderr);
      assert.equal(result.stderr, 'act: cannot write output: file too large\n');
    });
  }

  it('plot --svg FILE under the same limit leaves a pre-existing file byte-identical and no partial file', () => {
    const before = '<svg>the old chart</svg>\n';
    writeFileSync(join(work, 'old.svg'), before);
    const result = underFileLimit('$ACT plot gelu silu mish --svg old.svg --width 4000 --height 4000');
    assert.equal(result.code, 74, result.stderr);
    assert.equal(result.stderr, "act: cannot write 'old.svg': file too large\n");
    assert.equal(readFileSync(join(work, 'old.svg'), 'utf8'), before);
    assert.deepEqual(readdirSync(work).filter((name) => name.includes('old.svg')), ['old.svg']);
  });

  it('a complete write still exits 0 and keeps every byte', () => {
    const result = runShell(`cd '${work}' && $ACT relu --range 0:1000:1 --format csv > whole.csv && wc -l < whole.csv`);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), '1002');
  });
});

describe('stdout written directly (a pipe, a file, /dev/null) keeps every byte or reports the failure', () => {
  it('/dev/full: exit 74, one line', () => {
    const result = runShell('$ACT relu --range 0:1000:1 > /dev/full');
    assert.equal(result.code, 74, result.stderr);
    assert.equal(result.stderr, 'act: cannot write output: no space left on device\n');
  });

  it('a pipe its maker left non-blocking (write(2) answers EAGAIN when it is full): the rest goes through the stream, every byte arrives', () => {
    // Python makes the pipe, sets its write end non-blocking, and reads only after a second, so
    // that the 64 KiB pipe fills; it prints act's exit code and what it read.
    const reader = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe(); os.set_blocking(w, False)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w); os.close(w)',
      'time.sleep(1)',
      'data = b"".join(iter(lambda: os.read(r, 65536), b""))',
      'sys.stdout.write(str(p.wait()) + "\\n"); sys.stdout.flush(); os.write(1, data)',
    ].join('\n');
    const command = `'${process.execPath}' '${BIN}' sigmoid --range -10:10:0.001 --format csv`;
    const result = runShell(`python3 -c '${reader.replace(/'/g, "'\\''")}' ${command}`);
    assert.equal(result.code, 0, result.stderr);
    const [code, ...lines] = result.stdout.split('\n');
    assert.equal(code, '0');
    assert.equal(lines.length, 20003); // header, 20001 rows, the empty string after the last newline
    assert.equal(lines.join('\n'), runShell(`${command} > '${work}/blocking.csv' && cat '${work}/blocking.csv'`).stdout);
    // σ(−10) and σ′(−10) rounded from mpmath at 40 digits.
    assert.equal(lines[1], '-10,0.000045397868702434395,0.000045395807735951673');
  });
});

describe('a reader that goes away ends act quietly with exit 0', () => {
  for (const command of ['$ACT relu --range 0:10000000:1', '$ACT softmax --range 0:1000000:1 --format csv', 'seq 1 1000000 | $ACT compare relu', '$ACT gelu --linspace -3:3:1000000 --json']) {
    it(command, () => {
      const result = runShell(`${command} | head -1 > /dev/null; exit \${PIPESTATUS[-2]}`);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
    });
  }
});

/** Starts act through bash, sends a signal after `delay` ms and resolves the status bash reports and how long the end took. */
function interrupt(args: string, signal: 'SIGINT' | 'SIGTERM', delay = 700): Promise<{ status: string; elapsed: number }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `exec "${process.execPath}" "${BIN}" ${args} > "${work}/interrupted.out"`]);
    let sent = 0;
    setTimeout(() => {
      sent = Date.now();
      child.kill(signal);
    }, delay);
    child.on('exit', (code, received) => resolve({ status: received ?? String(code), elapsed: Date.now() - sent }));
  });
}

describe('signals end every command within 0.5 s (the shell reports 130 for SIGINT, 143 for SIGTERM)', () => {
  const commands = [
    'relu --range 0:20000000:1',
    'gelu --linspace -5:5:20000000 --format csv',
    'softmax --range 0:8000000:1',
  ];
  for (const args of commands) {
    it(`SIGINT: act ${args}`, async () => {
      const { status, elapsed } = await interrupt(args, 'SIGINT');
      assert.equal(status, 'SIGINT');
      assert.ok(elapsed < 500, `took ${elapsed} ms`);
    });
  }
  it('SIGTERM: act relu --range 0:20000000:1', async () => {
    const { status, elapsed } = await interrupt('relu --range 0:20000000:1', 'SIGTERM');
    assert.equal(status, 'SIGTERM');
    assert.ok(elapsed < 500, `took ${elapsed} ms`);
  });
  it('SIGINT: act verify relu --file - while stdin keeps coming', async () => {
    const child = spawn(process.execPath, [BIN, 'verify', 'relu', '--file', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin.on('error', () => {});
    child.stdin.write('1,1\n'.repeat(100000));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = Date.now();
    child.kill('SIGINT');
    const signal = await new Promise<string | null>((resolve) => child.on('exit', (_code, received) => resolve(received)));
    assert.equal(signal, 'SIGINT');
    assert.ok(Date.now() - sent < 500);
  });

  it('bash reports 130 after SIGINT', () => {
    const result = runShell('$ACT relu --range 0:20000000:1 > /dev/null & sleep 0.5; kill -INT $!; wait $!; echo $?');
    assert.equal(result.stdout.trim(), '130');
  });
});

describe('huge and hostile inputs: no crash, bounded, one line', () => {
  it('act relu $(seq 1 130000) in the table format', () => {
    const result = runShell('$ACT relu $(seq 1 130000) | tail -1');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ *130000 +130000 +1\n$/);
  });

  it('a softmax of 10^6 elements from --range and from one stdin line', () => {
    const ranged = runShell('$ACT softmax --range 0:1000000:1 | tail -1');
    assert.equal(ranged.code, 0, ranged.stderr);
    const line = runShell('seq 0 1000000 | tr "\\n" " " | $ACT softmax --format tsv | tail -1');
    assert.equal(line.code, 0, line.stderr);
    // the same last row, after the vector-number column
    assert.equal(line.stdout, '1\t' + ranged.stdout.trim().split(/ +/).join('\t') + '\n');
  });

  it('logsumexp of 10^6 elements and compare over 10^6 numbers', () => {
    assert.equal(runShell('$ACT logsumexp --range 0:1000000:1 | tail -1').code, 0);
    const compared = runShell('seq 1 1000000 | $ACT compare relu | tail -1');
    assert.equal(compared.code, 0, compared.stderr);
    assert.match(compared.stdout, /^ *1000000 /);
  });

  it('verify --worst 200000 over 200,001 mismatching rows', () => {
    const result = runShell(`$ACT relu --range -100000:100000:1 --format csv | awk -F, 'NR > 1 { print $1 "," $2 + 1 }' > '${work}/wrong.csv' && $ACT verify relu --file '${work}/wrong.csv' --worst 200000 | head -1`);
    assert.match(result.stdout, /^FAIL relu \(float64\): 200001 rows, 200001 numbers checked, 200001 mismatches/);
  });

  it('/dev/urandom as numbers and as a verify file: exit 2 with one line', () => {
    for (const command of ['head -c 100000 /dev/urandom | $ACT relu', '$ACT verify relu --file /dev/urandom', 'head -c 100000 /dev/urandom | $ACT softmax']) {
      const result = runShell(command);
      assert.equal(result.code, 2, command);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('a token over 4096 bytes is an error that names the limit', () => {
    const result = runShell("head -c 10000 /dev/zero | tr '\\0' '7' | $ACT relu");
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^act: a token longer than 4096 bytes, the limit for one number \(line 1, column 1\)/);
  });

  it('a --jacobian beyond 10,000,000 entries is refused with the limit named, and NDJSON streams it', () => {
    const refused = runAct(['softmax', '--range', '1:4000:1', '--jacobian']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^act: the Jacobian would have 16,000,000 entries, more than the 10,000,000 act prints\nNDJSON streams/);
    const streamed = runShell('$ACT softmax --range 1:4000:1 --jacobian --format ndjson | wc -l');
    assert.equal(streamed.stdout.trim(), '4001');
  });

  it('COLUMNS=10000000 act plot gelu is capped like --width', () => {
    const result = runShell('COLUMNS=10000000 $ACT plot gelu --no-color');
    assert.equal(result.code, 0, result.stderr);
    const widest = result.stdout.split('\n').reduce((width, line) => Math.max(width, [...line].length), 0);
    assert.ok(widest <= 1000, `a line of ${widest} characters`);
  });
});

describe('bad files and streams: exit 2 with one line', () => {
  for (const [content, name] of [['null', 'null.json'], ['7', 'number.json'], ['"x"', 'string.json'], ['{"a": 1}', 'object.json']]) {
    it(`verify --file holding ${content}`, () => {
      writeFileSync(join(work, name), content);
      const result = runAct(['verify', 'relu', '--file', join(work, name)]);
      assert.equal(result.code, 2);
      assert.equal(result.stderr.split('\n').length, 2, result.stderr);
    });
  }

  it('stdin that is a directory', () => {
    for (const command of [`$ACT relu < '${work}'`, `$ACT softmax < '${work}'`, `$ACT verify relu --file - < '${work}'`]) {
      const result = runShell(command);
      assert.equal(result.code, 2, command);
      assert.equal(result.stderr, 'act: stdin is a directory, not a file of numbers\n');
    }
  });

  it('a verify line over 1 MiB names the limit', () => {
    const result = runShell("head -c 2000000 /dev/zero | tr '\\0' '1' | $ACT verify relu --file - --input-format csv");
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'act: line 1 of stdin is longer than 1 MiB, the limit for one row\n');
  });
});
