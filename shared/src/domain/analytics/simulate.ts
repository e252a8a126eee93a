/**
 * Seeded random generation for tests and benchmarks: a xoshiro128** generator, gamma/beta
 * samplers, and the BG/NBD + Gamma-Gamma generative story (to check that fits recover known
 * parameters and to build synthetic brands).
 */
import type { BgNbdParams } from './bgnbd';
import type { GammaGammaParams } from './gamma-gamma';
// Module-level bindings: global lookups are slow inside vm contexts (jest) in hot loops.
const { cos, imul, log, sqrt } = Math;

export type Rng = () => number;

/** xoshiro128** seeded through splitmix32; returns uniforms in [0, 1). */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const result = imul(rotl(imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export function sampleNormal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log argument in (0, 1].
  return sqrt(-2 * log(1 - rng())) * cos(2 * Math.PI * rng());
}

/** Gamma(shape, rate) by Marsaglia & Tsang, with the u^(1/shape) boost for shape < 1. */
export function sampleGamma(rng: Rng, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1, rate) * (1 - rng()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (u < 1 - 0.0331 * x ** 4 || log(u) < 0.5 * x * x + d * (1 - v + log(v)))
      return (d * v) / rate;
  }
}

export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a, 1);
  const y = sampleGamma(rng, b, 1);
  return x / (x + y);
}

export interface SimulatedCustomer {
  /** Repeat purchase times in (0, T], ascending (the first purchase is at 0). */
  times: number[];
  /** Per-purchase spend, first purchase included (length times.length + 1); empty without spend params. */
  spends: number[];
}

/**
 * One customer under BG/NBD: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases form a Poisson(λ)
 * process from the first purchase at 0, and after each repeat purchase the customer drops out
 * with probability p. With Gamma-Gamma params, each purchase's value is Gamma(p, ν) with
 * ν ~ Gamma(q, v) per customer.
 */
export function simulateCustomer(
  rng: Rng,
  params: BgNbdParams,
  T: number,
  spend?: GammaGammaParams,
): SimulatedCustomer {
  const lambda = sampleGamma(rng, params.r, params.alpha);
  const dropout = sampleBeta(rng, params.a, params.b);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += -log(1 - rng()) / lambda;
    if (t > T) break;
    times.push(t);
    if (rng() < dropout) break;
  }
  const spends: number[] = [];
  if (spend) {
    const nu = sampleGamma(rng, spend.q, spend.v);
    for (let i = 0; i <= times.length; i++) spends.push(sampleGamma(rng, spend.p, nu));
  }
  return { times, spends };
}
