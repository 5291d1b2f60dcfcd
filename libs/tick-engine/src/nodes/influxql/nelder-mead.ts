import { goPow } from '../../lambda/go/go-pow';

const MAX_ITERATIONS = 1000;
/** Reflection, contraction and expansion coefficients of InfluxQL's optimizer. */
const REFLECT = 1.0;
const CONTRACT = 0.5;
const EXPAND = 2.0;

/**
 * An objective function. Like InfluxQL's Holt-Winters error function, it may change the point it
 * is given (it clamps the smoothing parameters and writes the seasonal indices back), and the
 * simplex keeps the changed point: the result depends on that, so it is kept.
 */
export type Objective = (point: number[]) => number;

/**
 * The Nelder–Mead downhill simplex of influxdb 1.1.4's `influxql/neldermead` (`Optimizer.Optimize`
 * with its defaults), step by step in the same float64 operations, so that Holt-Winters forecasts
 * print Kapacitor's digits: the same starting simplex, the same choice of worst, best and second
 * worst vertex (first index on ties), the same stopping rule (the population standard deviation of
 * the vertex values below `epsilon`, at most 1000 iterations). Returns the best value, computed
 * again at the best vertex after copying it, and the copy.
 */
export function nelderMead(objective: Objective, start: readonly number[], epsilon: number, scale: number): [number, number[]] {
  const n = start.length;
  const pn = (scale * (Math.sqrt(n + 1) - 1 + n)) / (n * Math.sqrt(2));
  const qn = (scale * (Math.sqrt(n + 1) - 1)) / (n * Math.sqrt(2));
  const v: number[][] = [start.slice()];
  for (let i = 1; i <= n; i++) v.push(start.map((value, j) => (i - 1 === j ? pn : qn) + value));
  const f = v.map((vertex) => objective(vertex));
  const vr = new Array<number>(n).fill(0);
  const ve = new Array<number>(n).fill(0);
  const vc = new Array<number>(n).fill(0);
  const vm = new Array<number>(n).fill(0);
  const vertex = (i: number): number[] => v[i] as number[];
  const value = (i: number): number => f[i] as number;
  for (let itr = 1; itr <= MAX_ITERATIONS; itr++) {
    let vg = 0;
    let vs = 0;
    for (let i = 0; i <= n; i++) {
      if (value(i) > value(vg)) vg = i;
      if (value(i) < value(vs)) vs = i;
    }
    let vh = vs;
    for (let i = 0; i <= n; i++) if (value(i) > value(vh) && value(i) < value(vg)) vh = i;
    for (let i = 0; i < n; i++) {
      let cent = 0.0;
      for (let m = 0; m <= n; m++) if (m !== vg) cent += vertex(m)[i] as number;
      vm[i] = cent / n;
    }
    const worst = vertex(vg);
    for (let i = 0; i < n; i++) vr[i] = (vm[i] as number) + REFLECT * ((vm[i] as number) - (worst[i] as number));
    const fr = objective(vr);
    if (fr < value(vh) && fr >= value(vs)) {
      copyInto(worst, vr);
      f[vg] = fr;
    }
    if (fr < value(vs)) {
      for (let i = 0; i < n; i++) ve[i] = (vm[i] as number) + EXPAND * ((vr[i] as number) - (vm[i] as number));
      const fe = objective(ve);
      copyInto(worst, fe < fr ? ve : vr);
      f[vg] = fe < fr ? fe : fr;
    }
    if (fr >= value(vh)) {
      if (fr < value(vg) && fr >= value(vh)) {
        for (let i = 0; i < n; i++) vc[i] = (vm[i] as number) + CONTRACT * ((vr[i] as number) - (vm[i] as number));
      } else {
        for (let i = 0; i < n; i++) vc[i] = (vm[i] as number) - CONTRACT * ((vm[i] as number) - (worst[i] as number));
      }
      const fc = objective(vc);
      if (fc < value(vg)) {
        copyInto(worst, vc);
        f[vg] = fc;
      } else {
        const best = vertex(vs);
        for (let row = 0; row <= n; row++) {
          if (row === vs) continue;
          const shrunk = vertex(row);
          for (let i = 0; i < n; i++) shrunk[i] = (best[i] as number) + ((shrunk[i] as number) - (best[i] as number)) / 2.0;
        }
        f[vg] = objective(vertex(vg));
        f[vh] = objective(vertex(vh));
      }
    }
    let sum = 0.0;
    for (let i = 0; i <= n; i++) sum += value(i);
    const average = sum / (n + 1);
    let spread = 0.0;
    for (let i = 0; i <= n; i++) spread += goPow(value(i) - average, 2.0) / n;
    if (Math.sqrt(spread) < epsilon) break;
  }
  let vs = 0;
  for (let i = 0; i <= n; i++) if (value(i) < value(vs)) vs = i;
  const parameters = vertex(vs).slice();
  return [objective(vertex(vs)), parameters];
}

function copyInto(target: number[], source: readonly number[]): void {
  for (let i = 0; i < source.length; i++) target[i] = source[i] as number;
}
