/** The Python interpreters that the peer tests use, when this machine has them. */
import { spawnSync } from 'node:child_process';

function firstThatImports(modules: string): string | undefined {
  const candidates = [process.env.ACT_TORCH_PYTHON, '/usr/bin/python3', 'python3'].filter((candidate): candidate is string => Boolean(candidate));
  return candidates.find((python) => spawnSync(python, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0);
}

/** A python3 with NumPy (Debian's python3-numpy lives under /usr/bin/python3). */
export function numpyPython(): string | undefined {
  return firstThatImports('numpy');
}

/** A python3 with PyTorch and NumPy. */
export function torchPython(): string | undefined {
  return firstThatImports('torch, numpy');
}
