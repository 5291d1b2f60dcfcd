import { goPow } from '../../lambda/go/go-pow';
import type { Accepted, Reduced, Reducer } from './aggregate-reducers';
import { nelderMead } from './nelder-mead';

/** InfluxQL's constants (`influxql/functions.go`): initial-guess weight, optimizer epsilon, guess grid. */
const WEIGHT = 0.5;
const EPSILON = 1.0e-4;
const GUESS_LOWER = 0.3;
const GUESS_UPPER = 1.0;
const GUESS_STEP = 0.4;

export interface HoltWintersSettings {
  /** How many intervals to forecast. */
  readonly h: number;
  /** The season's length in intervals; below 2, no seasonality. */
  readonly m: number;
  readonly includeFitData: boolean;
  /** ns. */
  readonly interval: bigint;
}

/** `roundTime`: to the nearest multiple of the interval, halves down, Go's truncating division. */
function roundTime(t: bigint, interval: bigint): bigint {
  const half = interval / 2n;
  return t % interval > half ? (t / interval + 1n) * interval : (t / interval) * interval;
}

/** The values on the interval grid from the first point: the first value of each bucket, NaN where none. */
function gridValues(values: readonly number[], times: readonly bigint[], interval: bigint): number[] {
  const y = [values[0] as number];
  let t = roundTime(times[0] as bigint, interval);
  for (let i = 1; i < values.length; i++) {
    const rounded = roundTime(times[i] as bigint, interval);
    if (rounded <= t) continue;
    t += interval;
    while (rounded !== t) {
      y.push(NaN);
      t += interval;
    }
    y.push(values[i] as number);
  }
  return y;
}

/**
 * One Holt-Winters model over the grid values: `forecast` and `sse` as InfluxQL writes them. Both
 * change the parameters they are given (clamping alpha, beta, gamma and phi to [0, 1], writing
 * the seasonal indices back, a season of one forced to 1), which the optimizer relies on.
 */
class Model {
  constructor(
    private readonly y: readonly number[],
    private readonly seasonal: boolean,
  ) {}

  forecast(h: number, params: number[]): number[] {
    for (let i = 0; i < 4; i++) {
      if ((params[i] as number) > 1) params[i] = 1;
      if ((params[i] as number) < 0) params[i] = 0;
    }
    const [alpha, beta, gamma, phi] = params as [number, number, number, number];
    let yT = this.y[0] as number;
    let phiH = phi;
    let lT = params[4] as number;
    let bT = params[5] as number;
    let sT = 0.0;
    const m = this.seasonal ? params.length - 6 : 0;
    let so = 0;
    if (this.seasonal) {
      if (m === 1) params[6] = 1;
      so = m - 1;
    }
    const l = this.y.length;
    const forecasted = new Array<number>(l + h).fill(0);
    forecasted[0] = yT;
    let stm = 1.0;
    let stmh = 1.0;
    for (let t = 1; t < l + h; t++) {
      if (this.seasonal) {
        const hm = t % m;
        stm = params[6 + ((t - m + so) % m)] as number;
        stmh = params[6 + ((t - m + hm + so) % m)] as number;
      }
      const lTp = lT;
      const bTp = bT;
      lT = alpha * (yT / stm) + (1 - alpha) * (lTp + phi * bTp);
      bT = beta * (lT - lTp) + (1 - beta) * phi * bTp;
      sT = gamma * (yT / (lTp + phi * bTp)) + (1 - gamma) * stm;
      yT = (lT + phiH * bT) * stmh;
      phiH += goPow(phi, t);
      if (this.seasonal) {
        params[6 + ((t + so) % m)] = sT;
        so++;
      }
      forecasted[t] = yT;
    }
    return forecasted;
  }

  /** Sum of squared errors over the known values; a NaN where a value is known costs +Inf. */
  readonly sse = (params: number[]): number => {
    let sse = 0.0;
    const forecasted = this.forecast(0, params);
    for (let i = 0; i < forecasted.length; i++) {
      const known = this.y[i] as number;
      if (Number.isNaN(known)) continue;
      const value = forecasted[i] as number;
      if (Number.isNaN(value)) return Infinity;
      const diff = value - known;
      sse += diff * diff;
    }
    return sse;
  };
}

/** The starting level, trend and seasonal indices (`Emit`'s initial guesses), NaNs skipped. */
function initialParameters(y: readonly number[], m: number, seasonal: boolean): number[] {
  const at = (i: number): number => y[i] as number;
  let l0 = 0.0;
  if (seasonal) {
    for (let i = 0; i < m; i++) if (!Number.isNaN(at(i))) l0 += (1 / m) * at(i);
  } else {
    l0 += WEIGHT * at(0);
  }
  let b0 = 0.0;
  if (seasonal) {
    for (let i = 0; i < m && m + i < y.length; i++) if (!Number.isNaN(at(i)) && !Number.isNaN(at(m + i))) b0 += (1 / (m * m)) * (at(m + i) - at(i));
  } else if (!Number.isNaN(at(1))) {
    b0 = WEIGHT * (at(1) - at(0));
  }
  const seasons = seasonal ? Array.from({ length: m }, (_, i) => (Number.isNaN(at(i)) ? 0 : at(i) / l0)) : [];
  return [0, 0, 0, 0, l0, b0, ...seasons];
}

/**
 * InfluxQL's `FloatHoltWintersReducer.Emit` (influxdb 1.1.4): the values placed on the interval
 * grid, the model fitted by Nelder–Mead from each of the 16 guesses of alpha, beta, gamma and phi
 * in {0.3, 0.7} (the first smallest error wins), then the forecast: the `h` intervals after the last
 * point (timed from its own, unrounded time) or, with the fit data, every value from the first
 * point's time; NaN values are left out. Nothing for fewer than two points, fewer points than a
 * season, `h` <= 0, or points all in one interval.
 */
export function holtWintersReducer(settings: HoltWintersSettings): Reducer {
  const { h, m, includeFitData, interval } = settings;
  const seasonal = m >= 2;
  return ({ values, times }: Accepted): Reduced[] => {
    const count = values.length;
    if (count < 2 || (seasonal && count < m) || h <= 0) return [];
    const first = times[0] as bigint;
    const last = times[count - 1] as bigint;
    if ((roundTime(last, interval) - roundTime(first, interval)) / interval <= 0n) return [];
    const y = gridValues(values.map(Number), times, interval);
    // Fewer grid values than a season (points sharing intervals): InfluxQL indexes past the end
    // and panics, which stops Kapacitor's task; nothing is forecast here.
    if (seasonal && y.length < m) return [];
    const model = new Model(y, seasonal);
    const parameters = initialParameters(y, m, seasonal);
    let minSSE = Infinity;
    let best: number[] | undefined;
    for (let alpha = GUESS_LOWER; alpha < GUESS_UPPER; alpha += GUESS_STEP) {
      for (let beta = GUESS_LOWER; beta < GUESS_UPPER; beta += GUESS_STEP) {
        for (let gamma = GUESS_LOWER; gamma < GUESS_UPPER; gamma += GUESS_STEP) {
          for (let phi = GUESS_LOWER; phi < GUESS_UPPER; phi += GUESS_STEP) {
            parameters[0] = alpha;
            parameters[1] = beta;
            parameters[2] = gamma;
            parameters[3] = phi;
            const [sse, params] = nelderMead(model.sse, parameters, EPSILON, 1);
            if (sse < minSSE || best === undefined) {
              minSSE = sse;
              best = params;
            }
          }
        }
      }
    }
    const forecasted = model.forecast(h, best as number[]);
    const out: Reduced[] = [];
    if (includeFitData) {
      forecasted.forEach((value, i) => {
        if (!Number.isNaN(value)) out.push({ value, time: first + interval * BigInt(i) });
      });
    } else {
      forecasted.slice(y.length).forEach((value, i) => {
        if (!Number.isNaN(value)) out.push({ value, time: last + interval * BigInt(i + 1) });
      });
    }
    return out;
  };
}
