#!/usr/bin/env python3
"""PyTorch as a peer: forward and autograd backward in float64, plus the exact values from mpmath.

Reads JSON from stdin: {"cases": [{"function", "params", "points"}]}, where params are act's resolved
parameters (as --like torch gives them). Writes JSON to stdout: {"torch": "1.13.0", "cases": [{"values",
"gradients", "exactValues", "exactGradients"}]}, non-finite numbers as strings. Each point is evaluated
in a tensor of 16 copies, so that PyTorch takes its vectorised CPU kernels, as real tensors do.

The exact values come from the mathematical definitions in scripts/generate_fixtures.py (mpmath),
never from act. Used by test/core/torch-peer.test.ts; needs python3-torch and python3-mpmath (Debian).
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import generate_fixtures as reference  # noqa: E402

COPIES = 16


def call(name, p):
    """The PyTorch call for an act function and act's parameters."""
    calls = {
        'relu': lambda: F.relu,
        'relu6': lambda: F.relu6,
        'leaky_relu': lambda: lambda x: F.leaky_relu(x, p['negative_slope']),
        'prelu': lambda: lambda x: F.prelu(x, torch.tensor([p['weight']], dtype=torch.float64)),
        'rrelu': lambda: lambda x: F.rrelu(x, p['lower'], p['upper'], training=False),
        'elu': lambda: lambda x: F.elu(x, p['alpha']),
        'selu': lambda: F.selu,
        'celu': lambda: lambda x: F.celu(x, p['alpha']),
        'gelu': lambda: lambda x: F.gelu(x, approximate=p['approximate']),
        'silu': lambda: F.silu,
        'mish': lambda: F.mish,
        'softplus': lambda: lambda x: F.softplus(x, p['beta'], p['threshold']),
        'softsign': lambda: F.softsign,
        'sigmoid': lambda: torch.sigmoid,
        'log_sigmoid': lambda: F.logsigmoid,
        'tanh': lambda: torch.tanh,
        'hardsigmoid': lambda: F.hardsigmoid,
        'hardswish': lambda: F.hardswish,
        'hardtanh': lambda: lambda x: F.hardtanh(x, p['min_val'], p['max_val']),
        'tanhshrink': lambda: F.tanhshrink,
        'softshrink': lambda: lambda x: F.softshrink(x, p['lambd']),
        'hardshrink': lambda: lambda x: F.hardshrink(x, p['lambd']),
        'threshold': lambda: lambda x: F.threshold(x, p['threshold'], p['value']),
        'exponential': lambda: torch.exp,
        'identity': lambda: torch.nn.Identity(),
    }
    return calls[name]()


def evaluate(case):
    name = case['function']
    p = case['params']
    fn = call(name, p)
    values, gradients = [], []
    for x in case['points']:
        t = torch.full((COPIES,), float(x), dtype=torch.float64, requires_grad=True)
        y = fn(t)
        (g,) = torch.autograd.grad(y.sum(), t)
        values.append(reference.encode(y[0].item()))
        gradients.append(reference.encode(g[0].item()))
    _, f, d, _, _ = reference.FUNCTIONS[name]
    # The generator's parameters: act's, with softplus's threshold as PyTorch applies it (linear only above it).
    q = reference.reference_params(name, p)
    exact_values = [reference.encode(reference.stable(lambda t: f(t, q), float(x))) for x in case['points']]
    exact_gradients = [reference.encode(reference.stable(lambda t: d(t, q), float(x))) for x in case['points']]
    return {'values': values, 'gradients': gradients, 'exactValues': exact_values, 'exactGradients': exact_gradients}


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    json.dump({'torch': torch.__version__, 'cases': [evaluate(case) for case in request['cases']]}, sys.stdout)


if __name__ == '__main__':
    main()
