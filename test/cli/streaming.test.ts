/** stdin streaming, pipes that close early, and long argument lists, through the built binary. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runMain, runShell } from '../helpers/cli.ts';

describe('streaming', () => {
  it('seq piped into act relu --format tsv', () => {
    const result = runShell('seq -3 3 | $ACT relu --format tsv');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'x\tvalue\tgradient\n-3\t0\t0\n-2\t0\t0\n-1\t0\t0\n0\t0\t1\n1\t1\t1\n2\t2\t1\n3\t3\t1\n');
  });

  it("'-' reads stdin, between other numbers", () => {
    const result = runShell("printf '2\\n3' | $ACT relu 1 - 4 --format csv --fields x");
    assert.equal(result.stdout, 'x\n1\n2\n3\n4\n');
  });

  it('tokens split across chunks, commas, tabs and CRLF', async () => {
    const result = await runMain(['relu', '--format', 'csv', '--fields', 'x'], {
      stdin: [Buffer.from('1.2'), Buffer.from('5,-3\t4\r\n1e'), Buffer.from('2\n')],
    });
    assert.equal(result.code, 0, result.stderr);
    // x is printed as given: 1e2 split across two chunks is still one token.
    assert.equal(result.stdout, 'x\n1.25\n-3\n4\n1e2\n');
  });

  it('one million numbers stream through with peak memory under 100 MiB', () => {
    const script = `python3 -c "
import resource, subprocess, sys
act = sys.argv[1:]
with subprocess.Popen(['seq', '1', '1000000'], stdout=subprocess.PIPE) as seq:
    out = subprocess.run(act + ['relu', '--format', 'tsv'], stdin=seq.stdout, capture_output=True)
lines = out.stdout.split(b'\\\\n')
print(len(lines) - 1, lines[-2].decode().replace(chr(9), ','), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
" $ACT`;
    const result = runShell(script);
    assert.equal(result.code, 0, result.stderr);
    const [count, last, maxRssKiB] = result.stdout.trim().split(/\s+/);
    assert.equal(Number(count), 1_000_001);
    assert.equal(last, '1000000,1000000,1');
    assert.ok(Number(maxRssKiB) < 100 * 1024, `peak RSS ${maxRssKiB} KiB`);
  });

  it('a progress line on a terminal stderr after one second of reading a regular file, cleared at the end', async () => {
    async function* slow(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 8; i++) {
        yield Buffer.from(`${i}\n`);
        await sleep(200);
      }
    }
    const result = await runMain(['relu', '--format', 'csv'], { stdinStream: Readable.from(slow()), stderrIsTTY: true, stdinFileSize: 16 });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /\ract: \d+% of 0\.0 MB read/);
    assert.ok(result.stderr.endsWith('\r\x1b[K'));
    const quiet = await runMain(['relu', '--format', 'csv'], { stdinStream: Readable.from(slow()), stderrIsTTY: false, stdinFileSize: 16 });
    assert.equal(quiet.stderr, '');
  });

  it('SIGINT ends a waiting act at once (exit 130 in the shell)', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.ts');
    const child = spawn(process.execPath, [BIN, 'relu'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write('1\n2\n');
    await sleep(400);
    child.kill('SIGINT');
    // SIGINT keeps its default action: the process ends by the signal, which a shell reports as 130.
    const signal = await new Promise<string | null>((resolve) => child.on('exit', (_status, received) => resolve(received)));
    assert.equal(signal, 'SIGINT');
  });

  it('a reader that goes away (head -1) ends act quietly with exit 0', () => {
    const result = runShell('seq 1 1000000 | $ACT relu | head -1; exit ${PIPESTATUS[1]}');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\s+x\s+relu\(x\)\s+relu'\(x\)\n$/);
    assert.equal(result.stderr, '');
  });

  it('a huge argument list prints complete JSON', () => {
    const result = runShell('$ACT relu $(seq 1 50000) --json | tail -c 100');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.endsWith('{"x":50000,"value":50000,"gradient":1}\n]}\n'), result.stdout);
  });

  it('the full JSON of a long pipe parses', () => {
    const result = runShell('seq 1 200000 | $ACT sigmoid --json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).results.length, 200000);
  });

  it('SIGINT during a long stdin stream with --output leaves neither the file nor a temporary file (stdin is read with blocking reads)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'act-sigint-'));
    const input = join(directory, 'numbers.txt');
    writeFileSync(input, Array.from({ length: 2_000_000 }, (_, i) => ((i % 2000) / 100 - 10).toFixed(6)).join('\n') + '\n');
    const child = spawn(process.execPath, [BIN, 'gelu', '--format', 'tsv', '--output', join(directory, 'out.tsv')], { stdio: [openSync(input, 'r'), 'ignore', 'ignore'] });
    await sleep(700);
    child.kill('SIGINT');
    const signal = await new Promise((resolve) => child.on('exit', (_code, how) => resolve(how)));
    assert.equal(signal, 'SIGINT');
    assert.deepEqual(readdirSync(directory), ['numbers.txt']);
  });

  it('a non-blocking stdin (EAGAIN on a blocking read) is read by the stream instead, nothing lost', () => {
    const script = `python3 -c "
import os, subprocess, fcntl, time
r, w = os.pipe()
fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen(os.environ['ACT'].split() + ['relu', '--format', 'csv'], stdin=r, stdout=subprocess.PIPE)
os.close(r)
time.sleep(0.3)
os.write(w, b'1\\n-2\\n')
time.sleep(0.2)
os.write(w, b'3.50\\n')
os.close(w)
out, _ = p.communicate(timeout=20)
print(p.returncode, out.decode(), end='')
"`;
    const result = runShell(script);
    assert.equal(result.stdout, '0 x,value,gradient\n1,1,1\n-2,0,0\n3.50,3.50,1\n', result.stderr);
  });

  it('a slow reader on a non-blocking pipe gets every byte (a write buffer is reused only once the stream has written it)', () => {
    // 200,000 rows (about 3 MB, fifty 64 KiB buffers) into a pipe that is full most of the time.
    const script = `python3 -c "
import os, subprocess, fcntl, time, tempfile
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
numbers = range(-100000, 100000)
source = tempfile.TemporaryFile()
source.write(''.join(f'{k}\\n' for k in numbers).encode())
source.seek(0)
p = subprocess.Popen(os.environ['ACT'].split() + ['relu', '--format', 'tsv'], stdin=source, stdout=w)
os.close(w)
chunks = []
while True:
    chunk = os.read(r, 4096)
    if not chunk:
        break
    chunks.append(chunk)
    if len(chunks) % 64 == 0:
        time.sleep(0.01)
p.wait(timeout=60)
expected = 'x\\tvalue\\tgradient\\n' + ''.join(f'{k}\\t{max(k, 0)}\\t{1 if k >= 0 else 0}\\n' for k in numbers)
got = b''.join(chunks).decode()
print(p.returncode, got == expected, len(got), len(expected))
"`;
    const result = runShell(script);
    const [code, same, got, expected] = result.stdout.trim().split(' ');
    assert.equal(code, '0', result.stderr);
    assert.equal(got, expected);
    assert.equal(same, 'True');
  });
});
