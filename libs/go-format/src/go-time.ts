import { formatGoDuration } from './duration-format';
import { formatTimeLayout } from './time-layout';
import { formatGoTimeString, formatRFC3339Nano } from './time-format';

const NS_PER_SECOND = 1_000_000_000n;

/**
 * A Go `time.Time` in UTC, held as nanoseconds since the Unix epoch. Templates print it with
 * `String()` and JSON encodes it as RFC 3339 with nanoseconds. Methods whose names start with an
 * upper-case letter are the Go methods a template may call (`{{ .Time.Unix }}`,
 * `{{ .Time.Format "15:04" }}`).
 */
export class GoTime {
  constructor(readonly ns: bigint) {}

  String(): string {
    return formatGoTimeString(this.ns);
  }

  Format(layout: unknown): string {
    // Templates call methods with whatever the action passes; Go checks the parameter type.
    if (typeof layout !== 'string') throw new Error(`wrong type for value; expected string; got ${typeof layout}`);
    return formatTimeLayout(this.ns, layout);
  }

  /** Seconds since the epoch, rounded toward negative infinity as Go does. */
  Unix(): bigint {
    const seconds = this.ns / NS_PER_SECOND;
    return this.ns % NS_PER_SECOND < 0n ? seconds - 1n : seconds;
  }

  UnixNano(): bigint {
    return this.ns;
  }

  UnixMilli(): bigint {
    const millis = this.ns / 1_000_000n;
    return this.ns % 1_000_000n < 0n ? millis - 1n : millis;
  }

  UTC(): GoTime {
    return this;
  }

  toJSON(): string {
    return formatRFC3339Nano(this.ns);
  }

  toString(): string {
    return this.String();
  }
}

/**
 * A Go `time.Duration` (int64 nanoseconds). Templates print it with `String()` (`1m0s`); JSON
 * encodes it as the integer number of nanoseconds.
 */
export class GoDuration {
  constructor(readonly ns: bigint) {}

  String(): string {
    return formatGoDuration(this.ns);
  }

  Nanoseconds(): bigint {
    return this.ns;
  }

  Microseconds(): bigint {
    return this.ns / 1000n;
  }

  Milliseconds(): bigint {
    return this.ns / 1_000_000n;
  }

  /** Float seconds, computed like Go: whole seconds plus the remainder divided by 1e9. */
  Seconds(): number {
    return splitFloat(this.ns, NS_PER_SECOND);
  }

  Minutes(): number {
    return splitFloat(this.ns, 60n * NS_PER_SECOND);
  }

  Hours(): number {
    return splitFloat(this.ns, 3600n * NS_PER_SECOND);
  }

  toString(): string {
    return this.String();
  }
}

function splitFloat(ns: bigint, unit: bigint): number {
  return Number(ns / unit) + Number(ns % unit) / Number(unit);
}
