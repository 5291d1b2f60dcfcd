import type { Level } from '@vigil/core';
import { determineLevel, type LevelLambdas } from './determine-level';
import { fieldLambda, testPoint } from './alert-test-doubles.test';

function run(lambdas: LevelLambdas, values: readonly (number | undefined)[]): Level[] {
  let current: Level = 'OK';
  const levels: Level[] = [];
  values.forEach((value, i) => {
    const point = testPoint(BigInt(i), value === undefined ? { other: 1 } : { value });
    current = determineLevel(point, current, lambdas, () => undefined);
    levels.push(current);
  });
  return levels;
}

describe('determineLevel', () => {
  const thresholds = (): LevelLambdas => ({
    info: fieldLambda('value', (v) => v > 60),
    warn: fieldLambda('value', (v) => v > 70),
    crit: fieldLambda('value', (v) => v > 80),
  });

  it('escalates and de-escalates by the first true level from the top', () => {
    expect(run(thresholds(), [50, 61, 75, 90, 72, 65, 10])).toEqual(['OK', 'INFO', 'WARNING', 'CRITICAL', 'WARNING', 'INFO', 'OK']);
  });

  it("follows Kapacitor's documented reset example", () => {
    // Kapacitor's AlertNode docs: 61 INFO, 73 WARNING, 64 WARNING, 85 CRITICAL, 62 INFO, 56 INFO, 47 OK.
    const lambdas: LevelLambdas = {
      ...thresholds(),
      infoReset: fieldLambda('value', (v) => v < 50),
      warnReset: fieldLambda('value', (v) => v < 60),
      critReset: fieldLambda('value', (v) => v < 70),
    };
    expect(run(lambdas, [61, 73, 64, 85, 62, 56, 47])).toEqual(['INFO', 'WARNING', 'WARNING', 'CRITICAL', 'INFO', 'INFO', 'OK']);
  });

  it('treats a failing level lambda as false and falls through to lower levels (quirk 5)', () => {
    const errors: string[] = [];
    const lambdas: LevelLambdas = {
      crit: fieldLambda('missing', () => true),
      info: fieldLambda('value', (v) => v > 0),
    };
    const level = determineLevel(testPoint(1n, { value: 5 }), 'OK', lambdas, (expression, l) => errors.push(`${expression}@${l}`));
    expect(level).toBe('INFO');
    expect(errors).toEqual(['crit@CRITICAL']);
  });

  it('turns a point with none of the fields into OK, a recovery', () => {
    expect(run(thresholds(), [90, undefined])).toEqual(['CRITICAL', 'OK']);
  });

  it('treats a failing reset as passed', () => {
    const lambdas: LevelLambdas = { crit: fieldLambda('value', (v) => v > 80), critReset: fieldLambda('gone', () => false) };
    expect(determineLevel(testPoint(1n, { value: 10 }), 'CRITICAL', lambdas, () => undefined)).toBe('OK');
  });

  it('only consults the reset of the current level', () => {
    const lambdas: LevelLambdas = {
      warn: fieldLambda('value', (v) => v > 70),
      crit: fieldLambda('value', (v) => v > 80),
      warnReset: fieldLambda('value', () => false),
    };
    // From CRITICAL, a value of 10 recovers although warnReset would hold WARNING.
    expect(determineLevel(testPoint(1n, { value: 10 }), 'CRITICAL', lambdas, () => undefined)).toBe('OK');
  });

  it('evaluates the current level lambda twice when the reset passes and nothing higher matches', () => {
    const warn = fieldLambda('value', (v) => v > 70);
    const lambdas: LevelLambdas = { warn, warnReset: fieldLambda('value', () => true) };
    expect(determineLevel(testPoint(1n, { value: 75 }), 'WARNING', lambdas, () => undefined)).toBe('WARNING');
    expect(warn.evaluations).toBe(1);
    expect(determineLevel(testPoint(2n, { value: 10 }), 'WARNING', lambdas, () => undefined)).toBe('OK');
    expect(warn.evaluations).toBe(3);
  });

  it('does not evaluate lower levels once a higher one matched', () => {
    const info = fieldLambda('value', (v) => v > 60);
    determineLevel(testPoint(1n, { value: 90 }), 'OK', { info, crit: fieldLambda('value', (v) => v > 80) }, () => undefined);
    expect(info.evaluations).toBe(0);
  });
});
