#!/usr/bin/env python3
"""PyTorch as a peer: forward and autograd backward in float64, plus the exact values from mpmath.

Reads JSON from stdin: {"cases": [{"function", "params", "points"}], "higher": [same]}, where params are
act's resolved parameters (as --like torch gives them). Writes JSON to stdout: {"torch": "1.13.0", "cases":
[{"values", "gradients", "exactValues", "exactGradients"}], "higher": [{"second", "third", "exactSecond",
"exactThird", "parameters": {name: {"torch", "exact"}}}]}, non-finite numbers as strings. f″ and f‴ come
from nested autograd (torch.autograd.grad with create_graph=True), null where PyTorch cannot take them. Each point is evaluated
in a tensor of 16 copies, so that PyTorch takes its vectorised CPU kernels, as real tensors do.

The exact values come from the mathematical definitions in scripts/generate_fixtures.py (mpmath),
never from act. Used by test/core/torch-peer.test.ts; needs python3-torch and python3-mpmath (Debian).
"""
import json
import math
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


def transformers_call(key):
    """Hugging Face Transformers' activations written as its activations.py writes them (ACT2CLS key)."""
    def xielu():
        # XIELUActivation's set-up: parameters in bfloat16, as the module builds them by default.
        dtype = torch.bfloat16
        alpha_p = torch.log(torch.expm1(torch.tensor(0.8, dtype=dtype))).unsqueeze(0)
        alpha_n = torch.log(torch.expm1(torch.tensor(0.8 - 0.5, dtype=dtype))).unsqueeze(0)
        beta = torch.tensor(0.5, dtype=dtype)
        eps = torch.tensor(-1e-6, dtype=dtype)

        def forward(x):
            ap = F.softplus(alpha_p)
            an = beta + F.softplus(alpha_n)
            return torch.where(x > 0, ap * x * x + beta * x, (torch.expm1(torch.min(x, eps)) - x) * an + beta * x)
        return forward
    calls = {
        'gelu': lambda: F.gelu,
        'gelu_python': lambda: lambda x: x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0))),
        'gelu_new': lambda: lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0)))),
        'gelu_python_tanh': lambda: lambda x: x * 0.5 * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0)))),
        'gelu_accurate': lambda: lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * torch.pow(x, 3)))),
        'gelu_pytorch_tanh': lambda: lambda x: F.gelu(x, approximate='tanh'),
        'gelu_fast': lambda: lambda x: 0.5 * x * (1.0 + torch.tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x))),
        'gelu_10': lambda: lambda x: torch.clip(F.gelu(x), -10, 10),
        'quick_gelu': lambda: lambda x: x * torch.sigmoid(1.702 * x),
        'laplace': lambda: lambda x: 0.5 * (1.0 + torch.erf((x - 0.707107).div(0.282095 * math.sqrt(2.0)))),
        'relu2': lambda: lambda x: torch.square(F.relu(x)),
        'sqrtsoftplus': lambda: lambda x: torch.sqrt(F.softplus(x)),
        'xielu': xielu,
    }
    return calls[key]()


def evaluate(case):
    name = case['function']
    p = case['params']
    fn = transformers_call(case['transformers']) if 'transformers' in case else call(name, p)
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


VECTOR_CALLS = {
    'softmax': lambda x: F.softmax(x, 0),
    'log_softmax': lambda x: F.log_softmax(x, 0),
    'softmin': lambda x: F.softmin(x, 0),
    'glu': lambda x: F.glu(x, 0),
    'logsumexp': lambda x: torch.logsumexp(x, 0).reshape(1),
}


def exact_vector(name, xs):
    """The exact outputs and Jacobian diagonal (∂y_i/∂x_i; for logsumexp ∂y/∂x_i), from the definitions in mpmath."""
    from mpmath import mp, mpf, exp, log, inf
    mp.dps = 60
    x = [mpf(v) if math.isfinite(v) else (inf if v > 0 else -inf) for v in xs]
    def exponentials(z):
        m = max(z)
        return [exp(v - m) if v != -inf else mpf(0) for v in z]
    def softmax(z):
        e = exponentials(z)
        total = sum(e)
        return [v / total for v in e]
    def complement(z):
        # 1 − softmax_i as (Σ_{j≠i} e_j)/Σ e_j: 1 − y would cancel to 0 when y is within 10^-60 of 1
        e = exponentials(z)
        total = sum(e)
        return [sum(e[j] for j in range(len(e)) if j != i) / total for i in range(len(e))]
    if name in ('softmax', 'softmin'):
        sign = 1 if name == 'softmax' else -1
        z = [sign * v for v in x]
        y = softmax(z)
        return [float(v) for v in y], [float(sign * v * c) for v, c in zip(y, complement(z))]
    if name == 'log_softmax':
        m = max(x)
        lse = m + log(sum(exp(v - m) for v in x if v != -inf))
        return [float(v - lse) if v != -inf else -math.inf for v in x], [float(c) for c in complement(x)]
    if name == 'logsumexp':
        m = max(x)
        lse = m + log(sum(exp(v - m) for v in x if v != -inf))
        return [float(lse)], [float(v) for v in softmax(x)]
    if name == 'glu':
        half = len(x) // 2
        a, b = x[:half], x[half:]
        sig = [1 / (1 + exp(-v)) for v in b]
        return [float(a[i] * sig[i]) for i in range(half)], [float(v) for v in sig]
    raise KeyError(name)


def evaluate_vector(case):
    name = case['function']
    xs = [float(v) for v in case['vector']]
    fn = VECTOR_CALLS[name]
    t = torch.tensor(xs, dtype=torch.float64)
    y = fn(t)
    jacobian = torch.autograd.functional.jacobian(fn, t)
    if name == 'logsumexp':
        diagonal = jacobian[0].tolist()
    else:
        diagonal = [jacobian[i][i].item() for i in range(y.shape[0])]
    exact_values, exact_diagonal = exact_vector(name, xs)
    # ∂²y_i/∂x_i² (for logsumexp ∂²y/∂x_i²) from torch.autograd.functional.hessian of each output.
    outputs = 1 if name == 'logsumexp' else y.shape[0]
    second = []
    for i in range(len(xs) if name == 'logsumexp' else outputs):
        hessian = torch.autograd.functional.hessian(lambda v, i=i: fn(v)[0 if name == 'logsumexp' else i], t)
        second.append(hessian[i][i].item())
    import generate_vector_higher_fixtures as higher
    from mpmath import mp
    mp.dps = 60
    exact_second = [] if name == 'glu' and len(xs) % 2 else [float(v) for v in higher.outputs(name, xs, {})[0]]
    enc = reference.encode
    return {'values': [enc(v) for v in y.tolist()], 'diagonal': [enc(v) for v in diagonal],
            'exactValues': [enc(v) for v in exact_values], 'exactDiagonal': [enc(v) for v in exact_diagonal],
            'second': [enc(v) for v in second], 'exactSecond': [enc(v) for v in exact_second]}


def nested(fn, x, orders):
    """f′, f″, f‴ at x by nested autograd (create_graph=True); None from the order PyTorch cannot take."""
    t = torch.full((COPIES,), float(x), dtype=torch.float64, requires_grad=True)
    y = fn(t).sum()
    results = []
    for _ in range(orders):
        try:
            (g,) = torch.autograd.grad(y, t, create_graph=True)
        except RuntimeError as error:
            # "derivative for aten::hardsigmoid_backward is not implemented"; a constant derivative has no graph.
            results.append(None if 'not implemented' in str(error) else 0.0)
            break
        results.append(g[0].item())
        y = g.sum()
        if not y.requires_grad:
            results.extend([0.0] * (orders - len(results)))
            break
    return results + [None] * (orders - len(results))


# ∂f/∂θ by autograd with θ a tensor: PReLU's weight as nn.PReLU holds it, the others through their functional forms.
PARAMETER_CALLS = {
    ('prelu', 'weight'): lambda x, a, p: F.prelu(x, a.reshape(1)),
    ('elu', 'alpha'): lambda x, a, p: torch.where(x > 0, x, a * torch.expm1(x)),
    ('celu', 'alpha'): lambda x, a, p: torch.where(x > 0, x, a * torch.expm1(x / a)),
    ('leaky_relu', 'negative_slope'): lambda x, a, p: torch.where(x > 0, x, a * x),
}


def evaluate_higher(case):
    """f″ and f‴ from PyTorch's nested autograd, ∂f/∂θ where PARAMETER_CALLS has it; the exact ones from mpmath."""
    import generate_higher_fixtures as higher
    name = case['function']
    p = case['params']
    fn = call(name, p)
    q = reference.reference_params(name, p)
    second, third, parameters = higher.HIGHER[name]
    out = {'second': [], 'third': [], 'exactSecond': [], 'exactThird': [], 'parameters': {}}
    for x in case['points']:
        _, d2, d3 = nested(fn, x, 3)
        out['second'].append(None if d2 is None else reference.encode(d2))
        out['third'].append(None if d3 is None else reference.encode(d3))
        out['exactSecond'].append(reference.encode(reference.stable(lambda t: second(t, q), float(x))))
        out['exactThird'].append(reference.encode(reference.stable(lambda t: third(t, q), float(x))))
    for (function, parameter), form in PARAMETER_CALLS.items():
        if function != name:
            continue
        torch_values, exact = [], []
        for x in case['points']:
            a = torch.tensor(float(p[parameter]), dtype=torch.float64, requires_grad=True)
            t = torch.full((COPIES,), float(x), dtype=torch.float64)
            (g,) = torch.autograd.grad(form(t, a, p).sum(), a)
            torch_values.append(reference.encode(g.item() / COPIES))
            exact.append(reference.encode(reference.stable(lambda v: parameters[parameter](v, q), float(x))))
        out['parameters'][parameter] = {'torch': torch_values, 'exact': exact}
    return out


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    json.dump({'torch': torch.__version__, 'cases': [evaluate(case) for case in request.get('cases', [])],
               'vectors': [evaluate_vector(case) for case in request.get('vectors', [])],
               'higher': [evaluate_higher(case) for case in request.get('higher', [])]}, sys.stdout)


if __name__ == '__main__':
    main()
