#!/usr/bin/env python3
"""Reference values for softplus's quick log1p (src/core/special.ts log1pQuick).

Rows [u, uLow, log(1 + u + uLow) to 40 significant digits] from mpmath at 250 bits, for u in
(0, 1]: 2,000 random u, 2,000 log-uniform on [2^-40, 1], u at both ends of every interval of the
table, (j ± ½)/1024 for j = 1 … 1024 (where the reduced argument is largest), and u within a few
ulps of 2^-11 (where the table takes over from the series) and of 1; half of them with a low part
uLow (up to half an ulp of u).

Run on purpose, in its own commit:  python3 scripts/generate_log1p_fixtures.py  (a few seconds)
Output: test/fixtures/log1p.json.gz
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
    random.seed(1124)
    us = [random.uniform(0, 1) for _ in range(2000)]
    us += [2.0 ** random.uniform(-40, 0) for _ in range(2000)]
    us += [(j + half) / 1024 for j in range(1, 1025) for half in (-0.5, 0.5) if (j + half) / 1024 <= 1]
    us += [2.0 ** -11 + steps * math.ulp(2.0 ** -11) for steps in range(-8, 9)]
    us += [1.0 - steps * math.ulp(0.5) for steps in range(0, 9)]
    rows = []
    for index, u in enumerate(us):
        if u <= 0:
            continue
        low = 0.0
        if index % 2 == 1:
            low = random.uniform(-0.5, 0.5) * math.ulp(u)
        rows.append([u, low, mp.nstr(mp.log1p(mpf(u) + mpf(low)), 40, min_fixed=1, max_fixed=0)])
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'log1p.json.gz')
    with gzip.open(path, 'wt', encoding='utf-8') as out:
        json.dump({'generator': f'scripts/generate_log1p_fixtures.py (mpmath {mpmath.__version__})', 'rows': rows}, out, separators=(',', ':'))
    print(f'{len(rows)} rows -> {path}')


if __name__ == '__main__':
    main()
