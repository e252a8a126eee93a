import { hyp2f1 } from './hyp2f1';

function rel(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

/** K(m) by the arithmetic-geometric mean: an independent algorithm for ₂F₁(½,½;1;m)·π/2. */
function ellipticK(m: number): number {
  let a = 1;
  let g = Math.sqrt(1 - m);
  for (let i = 0; i < 40; i++) [a, g] = [(a + g) / 2, Math.sqrt(a * g)]; // quadratic convergence
  return Math.PI / (2 * a);
}

/** E(m) by the trapezoid rule, exponentially convergent for this smooth periodic integrand. */
function ellipticE(m: number): number {
  const n = 20000;
  let s = 0;
  for (let i = 0; i < n; i++)
    s += Math.sqrt(1 - m * Math.sin((Math.PI * (i + 0.5)) / (2 * n)) ** 2);
  return (s * Math.PI) / (2 * n);
}

describe('hyp2f1 against closed forms', () => {
  it.each([-20, -3, -0.5, 0.1, 0.5, 0.9, 0.99, 0.9999, 1 - 1e-9])(
    '₂F₁(1,1;2;z) = −ln(1−z)/z at z = %p (c−a−b = 0, logarithmic case near 1)',
    (z) => {
      expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-13);
    },
  );

  it.each([-5, 0.3, 0.8, 0.97, 0.99999])(
    '₂F₁(1,1;3;z) = 2[(1−z)ln(1−z)+z]/z² at z = %p (c−a−b = 1)',
    (z) => {
      const want = (2 * ((1 - z) * Math.log1p(-z) + z)) / (z * z);
      expect(rel(hyp2f1(1, 1, 3, z), want)).toBeLessThan(1e-11);
    },
  );

  it('gives arcsin and arctan', () => {
    for (const x of [0.2, 0.7, 0.99]) {
      expect(rel(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-13);
      expect(rel(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-13);
    }
    expect(rel(hyp2f1(0.5, 1, 1.5, -100), Math.atan(10) / 10)).toBeLessThan(1e-13);
  });

  it('gives the complete elliptic integrals (independent AGM and quadrature)', () => {
    for (const m of [0.5, 0.9, 0.99, 0.999999]) {
      expect(rel((Math.PI / 2) * hyp2f1(0.5, 0.5, 1, m), ellipticK(m))).toBeLessThan(1e-13);
      expect(rel((Math.PI / 2) * hyp2f1(-0.5, 0.5, 1, m), ellipticE(m))).toBeLessThan(1e-12);
    }
    // Published: K(0.5) = 1.8540746773013719, E(0.9) = 1.1047747327040733
    expect((Math.PI / 2) * hyp2f1(0.5, 0.5, 1, 0.5)).toBeCloseTo(1.8540746773013719, 14);
    expect((Math.PI / 2) * hyp2f1(-0.5, 0.5, 1, 0.9)).toBeCloseTo(1.1047747327040733, 14);
  });

  it('reproduces published special values (Gosper) and Gauss and Kummer sums', () => {
    expect(hyp2f1(1 / 3, 2 / 3, 5 / 6, 27 / 32)).toBeCloseTo(1.6, 13);
    expect(hyp2f1(1 / 4, 1 / 2, 3 / 4, 80 / 81)).toBeCloseTo(1.8, 13);
    // Gauss: ₂F₁(a,b;c;1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)); Γ(4)Γ(0.5)/(Γ(2.5)Γ(2)) = 6√π/(1.5·0.5√π) = 8
    expect(hyp2f1(1.5, 2, 4, 1)).toBeCloseTo(8, 12);
    expect(hyp2f1(1, 1, 2, 1)).toBe(Number.POSITIVE_INFINITY);
    // Kummer: ₂F₁(a,b;1+a−b;−1) = Γ(1+a−b)Γ(1+a/2)/(Γ(1+a)Γ(1+a/2−b)); a=1, b=0.5 → Γ(1.5)Γ(1.5)/Γ(2)Γ(1) = π/4
    expect(hyp2f1(1, 0.5, 1.5, -1)).toBeCloseTo(Math.PI / 4, 14);
  });

  it('sums terminating series exactly (Legendre polynomials)', () => {
    // P_3(x) = ₂F₁(−3, 4; 1; (1−x)/2) = (5x³ − 3x)/2, at any x (z may exceed the unit disc)
    for (const x of [-3, -0.4, 0.3, 0.95]) {
      expect(hyp2f1(-3, 4, 1, (1 - x) / 2)).toBeCloseTo((5 * x ** 3 - 3 * x) / 2, 10);
    }
  });

  it('handles the BG/NBD regime: large parameters with z near 1, via Euler', () => {
    // ₂F₁(a,b;b;z) = (1−z)^−a, with the lower parameter large and z close to 1.
    expect(rel(hyp2f1(100.24, 150.5, 150.5, 0.9), 10 ** 100.24)).toBeLessThan(1e-12);
    // mpmath: ₂F₁(2.98, −0.207; 102.2; 0.999999) = 0.9938691516828376
    expect(rel(hyp2f1(2.98, -0.207, 102.2, 0.999999), 0.9938691516828376)).toBeLessThan(1e-13);
    // mpmath: ₂F₁(0.2425945, 2.4258881; 2.218808; 0.9999) = 29.877506134729952
    expect(rel(hyp2f1(0.2425945, 2.4258881, 2.218808, 0.9999), 29.877506134729952)).toBeLessThan(
      1e-12,
    );
  });

  it('is continuous across near-integer c−a−b (no blow-up of the 1−z transform)', () => {
    const exact = hyp2f1(0.3, 0.7, 1, 0.999); // c−a−b = 0
    for (const e of [1e-12, 1e-9, 1e-6, 1e-5, 5e-4]) {
      const near = hyp2f1(0.3, 0.7, 1 + e, 0.999);
      expect(Math.abs(near - exact)).toBeLessThan(10 * e * Math.abs(exact));
    }
    // mpmath: ₂F₁(0.1, 0.2; 0.30000005; 0.9999) = 1.6280647381201865
    expect(rel(hyp2f1(0.1, 0.2, 0.30000005, 0.9999), 1.6280647381201865)).toBeLessThan(1e-11);
  });

  it('rejects poles and the branch cut', () => {
    expect(hyp2f1(1, 1, -2, 0.5)).toBeNaN();
    expect(hyp2f1(1, 1, 2, 1.5)).toBeNaN();
    expect(hyp2f1(1, 1, 2, 0)).toBe(1);
  });
});
