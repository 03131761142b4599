#!/usr/bin/env python3
"""Reference values for the double-double exponential (src/core/extended.ts expExtended).

Rows [x, xLow, e^(x + xLow) to 40 significant digits] from mpmath at 250 bits: 6,000 random x on
[−665, 709] (below, the result's low part is subnormal), 3,000 on [−1, 1] and 1,000 on [−0.01, 0.01],
half of them with a low part xLow (up to half an ulp of x); and x at both ends of the reduction's
intervals, (k ± ½)·ln2/2048, for every seventh k from −3000 to 3000, where |r| is largest.

Run on purpose, in its own commit:  python3 scripts/generate_exponential_fixtures.py  (a few seconds)
Output: test/fixtures/exponential.json.gz
"""
import gzip
import json
import math
import os
import random

import mpmath
from mpmath import mp, mpf

mp.prec = 250


def main():
    random.seed(88)
    xs = [random.uniform(-665, 709) for _ in range(6000)]
    xs += [random.uniform(-1, 1) for _ in range(3000)]
    xs += [random.uniform(-0.01, 0.01) for _ in range(1000)]
    step = mp.log(2) / 2048
    xs += [float((k + half) * step) for k in range(-3000, 3000, 7) for half in (-0.5, 0.5)]
    rows = []
    for index, x in enumerate(xs):
        low = 0.0
        if index % 2 == 1 and x != 0:
            low = random.uniform(-0.5, 0.5) * math.ulp(x)
        rows.append([x, low, mp.nstr(mp.exp(mpf(x) + mpf(low)), 40, min_fixed=1, max_fixed=0)])
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'exponential.json.gz')
    with gzip.open(path, 'wt', encoding='utf-8') as out:
        json.dump({'generator': f'scripts/generate_exponential_fixtures.py (mpmath {mpmath.__version__})', 'rows': rows}, out, separators=(',', ':'))
    print(f'{len(rows)} rows -> {path}')


if __name__ == '__main__':
    main()
