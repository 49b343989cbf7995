"""Latency arithmetic for request paths: log-normal stages, fan-out maxima, sums by moment matching.

The approximation, stated once:

* each component's own latency is log-normal, fitted to its p50 and p99
  (mu = ln p50, sigma = (ln p99 - ln p50) / z(0.99));
* a fan-out of n parallel calls waits for the slowest: P(max <= t) = F(t)^n, so the max's quantile q is
  the single call's quantile q^(1/n). Its p50 and p99 come from that and it is refitted as a log-normal.
  (Equivalently, a request hits at least one per-call p99 with probability 1 - 0.99^n: 10% for n = 10.)
* a call made by a share p of requests (a cache miss path, a read share) is a mixture: 0 with
  probability 1 - p, the callee's latency otherwise (mean and variance of the mixture are exact);
* sequential stages add: means and variances add (independence), and the sum is refitted as a
  log-normal from its mean and variance (Fenton-Wilkinson). p50 and p99 are read from that fit.

It is a planning model: good for "which path dominates p99" and "what does fan-out cost", not a
substitute for measuring.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from statistics import NormalDist

_STD = NormalDist()
Z99 = _STD.inv_cdf(0.99)


@dataclass(frozen=True)
class Moments:
    mean: float
    var: float

    def __add__(self, other: Moments) -> Moments:
        return Moments(self.mean + other.mean, self.var + other.var)


ZERO = Moments(0.0, 0.0)


def from_quantiles(p50: float, p99: float) -> Moments:
    if p50 <= 0:
        return ZERO if p99 <= 0 else from_quantiles(p99 / 100, p99)
    sigma = max(math.log(max(p99, p50) / p50), 0.0) / Z99
    mu = math.log(p50)
    return Moments(math.exp(mu + sigma**2 / 2), (math.exp(sigma**2) - 1) * math.exp(2 * mu + sigma**2))


def _params(m: Moments) -> tuple[float, float] | None:
    if m.mean <= 0:
        return None
    sigma2 = math.log1p(m.var / m.mean**2)
    return math.log(m.mean) - sigma2 / 2, math.sqrt(sigma2)


@functools.cache
def _z(q: float) -> float:
    return _STD.inv_cdf(q)


def quantile(m: Moments, q: float) -> float:
    params = _params(m)
    if params is None:
        return 0.0
    mu, sigma = params
    return math.exp(mu + sigma * _z(q))


def max_of(m: Moments, n: int) -> Moments:
    """The slowest of n independent calls, refitted as a log-normal from its p50 and p99."""
    if n <= 1 or m.mean <= 0:
        return m
    return from_quantiles(quantile(m, 0.5 ** (1 / n)), quantile(m, 0.99 ** (1 / n)))


def sometimes(m: Moments, p: float) -> Moments:
    """Latency added by a call made with probability p."""
    if p >= 1:
        return m
    second = m.var + m.mean**2
    mean = p * m.mean
    return Moments(mean, max(p * second - mean**2, 0.0))


def mix(parts: list[tuple[float, Moments]]) -> Moments:
    """A request takes one of several paths with the given probabilities."""
    total = sum(w for w, _ in parts)
    if total <= 0:
        return ZERO
    mean = sum(w * m.mean for w, m in parts) / total
    second = sum(w * (m.var + m.mean**2) for w, m in parts) / total
    return Moments(mean, max(second - mean**2, 0.0))


def tail_exposure(n: int) -> float:
    """Share of requests that see at least one call slower than the per-call p99, for n parallel calls."""
    return 1 - 0.99**n
