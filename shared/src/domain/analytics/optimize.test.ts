import { bfgs, nelderMead, numericGradient } from './optimize';

const rosenbrock = ([x, y]: readonly number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum from the classic start', () => {
    const res = nelderMead(rosenbrock, [-1.2, 1], { fTolerance: 1e-14, xTolerance: 1e-9 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 5);
    expect(res.x[1]).toBeCloseTo(1, 5);
    expect(res.value).toBeLessThan(1e-10);
  });

  it('minimises a shifted quadratic in four dimensions', () => {
    const centre = [0.3, -2, 5, 1.5];
    const f = (x: readonly number[]) =>
      x.reduce((s, v, i) => s + (i + 1) * (v - centre[i]) ** 2, 0);
    const res = nelderMead(f, [0, 0, 0, 0], { fTolerance: 1e-16, xTolerance: 1e-10 });
    res.x.forEach((v, i) => {
      expect(v).toBeCloseTo(centre[i], 6);
    });
  });

  it('treats NaN as +Infinity so invalid regions are avoided', () => {
    const f = ([x]: readonly number[]) => (x < 0 ? Number.NaN : (x - 2) ** 2);
    const res = nelderMead(f, [0.5], { step: 1 });
    expect(res.x[0]).toBeCloseTo(2, 5);
  });
});

describe('bfgs', () => {
  it('finds the Rosenbrock minimum with an analytic gradient', () => {
    const gradient = ([x, y]: readonly number[]) => [
      -2 * (1 - x) - 400 * x * (y - x * x),
      200 * (y - x * x),
    ];
    const res = bfgs(rosenbrock, [-1.2, 1], { gradient, gradientTolerance: 1e-10 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
  });

  it('works with central-difference gradients', () => {
    const res = bfgs(rosenbrock, [-1.2, 1], { gradientTolerance: 1e-7 });
    expect(res.x[0]).toBeCloseTo(1, 5);
    expect(res.x[1]).toBeCloseTo(1, 5);
  });

  it('numericGradient matches the analytic gradient', () => {
    const g = numericGradient(rosenbrock, [0.5, 0.1]);
    expect(g[0]).toBeCloseTo(-2 * 0.5 - 400 * 0.5 * (0.1 - 0.25), 5);
    expect(g[1]).toBeCloseTo(200 * (0.1 - 0.25), 5);
  });
});
