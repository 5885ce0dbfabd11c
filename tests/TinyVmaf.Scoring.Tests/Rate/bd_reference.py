#!/usr/bin/env python3
"""Reference numbers for BjontegaardTests, computed independently of the C# code.

Written for this project from the method's definition (G. Bjontegaard, ITU-T VCEG-M33, 2001): log10 of the
rate as a function of quality (BD-rate) and quality as a function of log10 rate (BD-score), each curve made
a function either by numpy's least-squares cubic (numpy.polyfit, numpy.polyint) or by SciPy's piecewise
cubic Hermite interpolant (scipy.interpolate.PchipInterpolator.integrate), integrated over the range both
curves cover. The C# side uses natural logarithms, a different centring of the cubic and its own Hermite
code, so agreement is not by construction.

Run with Debian's python3-numpy and python3-scipy:  /usr/bin/python3 bd_reference.py
"""
import numpy as np
from scipy.interpolate import PchipInterpolator

# (kbps, score) points: invented in the style of codec comparison tables.
SETS = {
    "hevc_psnr": (
        [(8230.4, 40.62), (3520.1, 38.12), (1690.7, 35.54), (850.3, 32.87)],
        [(7710.9, 40.71), (3262.8, 38.20), (1560.2, 35.60), (791.5, 32.95)],
    ),
    "vmaf_six_points": (
        [(500, 62.3), (1000, 74.8), (1800, 83.1), (3000, 88.9), (4500, 92.4), (7000, 95.1)],
        [(400, 63.0), (800, 75.9), (1400, 83.7), (2400, 89.6), (3600, 92.8), (5500, 95.4)],
    ),
    "partial_overlap": (
        [(200, 30.1), (400, 33.4), (800, 36.2), (1600, 38.9), (3200, 41.0)],
        [(600, 33.0), (1100, 35.8), (2000, 38.3), (3700, 40.6), (6500, 42.4)],
    ),
}


def mean_over(x, y, lo, hi, interp):
    order = np.argsort(x)
    x, y = np.asarray(x)[order], np.asarray(y)[order]
    if interp == "cubic":
        antiderivative = np.polyint(np.polyfit(x, y, 3))
        area = np.polyval(antiderivative, hi) - np.polyval(antiderivative, lo)
    else:
        area = PchipInterpolator(x, y).integrate(lo, hi)
    return area / (hi - lo)


def deltas(anchor, test, interp):
    ra, qa = np.log10([p[0] for p in anchor]), np.array([p[1] for p in anchor])
    rt, qt = np.log10([p[0] for p in test]), np.array([p[1] for p in test])
    lo, hi = max(qa.min(), qt.min()), min(qa.max(), qt.max())
    rate = (10 ** (mean_over(qt, rt, lo, hi, interp) - mean_over(qa, ra, lo, hi, interp)) - 1) * 100
    lo, hi = max(ra.min(), rt.min()), min(ra.max(), rt.max())
    score = mean_over(rt, qt, lo, hi, interp) - mean_over(ra, qa, lo, hi, interp)
    return rate, score


for name, (anchor, test) in SETS.items():
    for interp in ("cubic", "pchip"):
        rate, score = deltas(anchor, test, interp)
        print(f'[InlineData("{name}", BdInterpolation.{interp.capitalize()}, {rate!r}, {score!r})]')
