/**
 * Derivative-free and quasi-Newton minimisers for the small (3–4 parameter) likelihoods of the
 * value engine. Both minimise; callers pass the negative log-likelihood over log-parameters.
 */

export type Objective = (x: readonly number[]) => number;

export interface OptimizeResult {
  x: number[];
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

export interface NelderMeadOptions {
  /** Stop when the simplex's values differ by less than this (absolute). */
  fTolerance?: number;
  /** …and its vertices by less than this in every coordinate. */
  xTolerance?: number;
  maxIterations?: number;
  /** Initial step per coordinate (log-parameters: 0.5 ≈ ×1.65). */
  step?: number;
  /** Restart from the best vertex this many times; catches premature collapse of the simplex. */
  restarts?: number;
}

/** Nelder–Mead with the standard coefficients (reflect 1, expand 2, contract ½, shrink ½). */
export function nelderMead(
  f: Objective,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): OptimizeResult {
  const restarts = options.restarts ?? 2;
  let result = nelderMeadOnce(f, x0, options);
  let iterations = result.iterations;
  let evaluations = result.evaluations;
  for (let i = 0; i < restarts; i++) {
    const next = nelderMeadOnce(f, result.x, options);
    iterations += next.iterations;
    evaluations += next.evaluations;
    const improved = next.value < result.value - (options.fTolerance ?? 1e-10);
    if (next.value <= result.value) result = next;
    if (!improved) break;
  }
  return { ...result, iterations, evaluations };
}

function nelderMeadOnce(
  f: Objective,
  x0: readonly number[],
  options: NelderMeadOptions,
): OptimizeResult {
  const n = x0.length;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 5000;
  const step = options.step ?? 0.5;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] += step;
    simplex.push(v);
  }
  let values = simplex.map(evaluate);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const order = values.map((_, i) => i).sort((p, q) => values[p] - values[q]);
    const sorted = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    for (let i = 0; i <= n; i++) simplex[i] = sorted[i];
    if (hasConverged(simplex, values, fTol, xTol)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const worst = simplex[n];
    const along = (t: number) => centroid.map((c, j) => c + t * (worst[j] - c));
    const reflected = along(-1);
    const fr = evaluate(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = evaluate(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    const outside = fr < values[n];
    const contracted = along(outside ? -0.5 : 0.5);
    const fc = evaluate(contracted);
    if (fc < (outside ? fr : values[n])) {
      [simplex[n], values[n]] = [contracted, fc];
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
      values[i] = evaluate(simplex[i]);
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return { x: simplex[best].slice(), value: values[best], iterations, evaluations, converged };
}

function hasConverged(simplex: number[][], values: number[], fTol: number, xTol: number): boolean {
  const n = simplex.length - 1;
  if (!(Math.abs(values[n] - values[0]) <= fTol)) return false;
  for (let i = 1; i <= n; i++) {
    for (let j = 0; j < n; j++) if (Math.abs(simplex[i][j] - simplex[0][j]) > xTol) return false;
  }
  return true;
}

export interface BfgsOptions {
  /** Stop when the gradient's largest component falls below this. */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Analytic gradient; central differences are used when absent. */
  gradient?: (x: readonly number[]) => number[];
  /** Relative step for central differences. */
  differenceStep?: number;
}

/** Central-difference gradient (2n evaluations). */
export function numericGradient(f: Objective, x: readonly number[], relStep = 1e-6): number[] {
  return x.map((xi, i) => {
    const h = relStep * Math.max(1, Math.abs(xi));
    const up = x.slice();
    const down = x.slice();
    up[i] = xi + h;
    down[i] = xi - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** BFGS with an Armijo backtracking line search and an inverse-Hessian update. */
export function bfgs(
  f: Objective,
  x0: readonly number[],
  options: BfgsOptions = {},
): OptimizeResult {
  const n = x0.length;
  const gTol = options.gradientTolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 500;
  let evaluations = 0;
  const fe: Objective = (x) => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const grad =
    options.gradient ?? ((x: readonly number[]) => numericGradient(fe, x, options.differenceStep));
  let x = x0.slice();
  let fx = fe(x);
  let g = grad(x);
  let h = identity(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if (Math.max(...g.map(Math.abs)) < gTol) {
      converged = true;
      break;
    }
    iterations++;
    let direction = h.map((row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Lost positive-definiteness: fall back to steepest descent and reset the curvature.
      h = identity(n);
      direction = g.map((v) => -v);
      slope = -dot(g, g);
    }
    let t = 1;
    let xNew = x;
    let fNew = fx;
    for (let k = 0; k < 60; k++) {
      xNew = x.map((v, i) => v + t * direction[i]);
      fNew = fe(xNew);
      if (fNew <= fx + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fNew < fx)) {
      converged = Math.max(...g.map(Math.abs)) < gTol * 1e3;
      break;
    }
    const gNew = grad(xNew);
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    if (sy > 1e-12) {
      // Scale the initial guess to the observed curvature (Nocedal & Wright 6.20).
      if (iterations === 1) h = identity(n).map((row) => row.map((v) => (v * sy) / dot(y, y)));
      h = updateInverseHessian(h, s, y, sy);
    }
    x = xNew;
    fx = fNew;
    g = gNew;
  }
  return { x, value: fx, iterations, evaluations, converged };
}

function updateInverseHessian(h: number[][], s: number[], y: number[], sy: number): number[][] {
  const n = s.length;
  const rho = 1 / sy;
  const hy = h.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    out.push([]);
    for (let j = 0; j < n; j++) {
      out[i].push(
        h[i][j] - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j],
      );
    }
  }
  return out;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

function dot(u: readonly number[], v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}
