import type { Level } from '@vigil/core';
import { AlertGroupState, type AlertHistoryConfig } from './alert-group-state';
import { percentChange } from './flapping';
import { AlertGroupStore } from './alert-group-store';
import { GO_ZERO_TIME_NS } from './go-time-math';

const plain: AlertHistoryConfig = { history: 21, flapping: null, maxInterval: 0n };

describe('AlertGroupState', () => {
  it('starts at OK and reports changes', () => {
    const state = new AlertGroupState(plain);
    expect(state.currentLevel()).toBe('OK');
    state.addEvent(1n, 'OK');
    expect(state.changed).toBe(false);
    state.addEvent(2n, 'CRITICAL');
    expect(state.changed).toBe(true);
    expect(state.currentLevel()).toBe('CRITICAL');
  });

  it('measures duration from the first trigger after an OK point, across level changes', () => {
    const state = new AlertGroupState(plain);
    state.addEvent(10n, 'WARNING');
    state.triggered(10n);
    expect(state.duration()).toBe(0n);
    state.addEvent(25n, 'CRITICAL');
    state.triggered(25n);
    expect(state.duration()).toBe(15n);
    state.addEvent(40n, 'OK');
    state.triggered(40n);
    expect(state.duration()).toBe(30n);
    state.addEvent(50n, 'INFO');
    state.triggered(50n);
    expect(state.duration()).toBe(0n);
  });

  it('expires an unchanged level once maxInterval has passed since the last trigger', () => {
    const state = new AlertGroupState({ ...plain, maxInterval: 100n });
    state.addEvent(0n, 'CRITICAL');
    expect(state.expired).toBe(false);
    state.triggered(0n);
    state.addEvent(99n, 'CRITICAL');
    expect(state.expired).toBe(false);
    state.addEvent(100n, 'CRITICAL');
    expect(state.expired).toBe(true);
  });

  it('treats a never-triggered group as infinitely old for expiry', () => {
    const state = new AlertGroupState({ ...plain, maxInterval: 1n });
    state.addEvent(5n, 'OK');
    expect(state.expired).toBe(true);
  });

  it('saturates a duration measured from the zero time like Go', () => {
    const state = new AlertGroupState({ history: 2, flapping: null, maxInterval: 0n });
    // Two non-OK points without a trigger in between (as flapping suppression can cause).
    state.addEvent(1n, 'CRITICAL');
    state.addEvent(2n, 'CRITICAL');
    state.triggered(2n);
    expect(state.duration()).toBe((1n << 63n) - 1n);
    expect(GO_ZERO_TIME_NS < 0n).toBe(true);
  });

  it('round-trips through a JSON snapshot', () => {
    const state = new AlertGroupState({ history: 3, flapping: { low: 0.2, high: 0.5 }, maxInterval: 7n });
    state.addEvent(1n, 'INFO');
    state.triggered(1n);
    state.addEvent(3n, 'CRITICAL');
    state.triggered(3n);
    const json = JSON.parse(JSON.stringify(state.snapshot()));
    const restored = AlertGroupState.restore({ history: 3, flapping: { low: 0.2, high: 0.5 }, maxInterval: 7n }, json);
    expect(restored.snapshot()).toEqual(state.snapshot());
    restored.addEvent(4n, 'OK');
    state.addEvent(4n, 'OK');
    restored.triggered(4n);
    state.triggered(4n);
    expect(restored.duration()).toBe(state.duration());
    expect(restored.flapping).toBe(state.flapping);
  });

  it('keeps each group apart in a shared store while the store grows', () => {
    const store = new AlertGroupStore(3);
    const states = Array.from({ length: 40 }, () => new AlertGroupState({ ...plain, history: 3 }, store));
    states.forEach((state, i) => {
      state.addEvent(BigInt(i), i % 2 === 0 ? 'CRITICAL' : 'OK');
      state.triggered(BigInt(i));
      state.addEvent(BigInt(i) + 100n, 'WARNING');
      state.triggered(BigInt(i) + 100n);
    });
    states.forEach((state, i) => {
      expect(state.snapshot()).toEqual({
        history: ['OK', i % 2 === 0 ? 'CRITICAL' : 'OK', 'WARNING'],
        idx: 2,
        flapping: false,
        changed: true,
        expired: false,
        firstTriggered: String(i % 2 === 0 ? i : i + 100),
        lastTriggered: String(i + 100),
      });
    });
  });

  it('keeps the unset trigger times (Go zero time) through a snapshot', () => {
    const state = new AlertGroupState(plain);
    const snapshot = state.snapshot();
    expect(snapshot.firstTriggered).toBe(GO_ZERO_TIME_NS.toString());
    expect(AlertGroupState.restore(plain, snapshot).snapshot()).toEqual(snapshot);
  });

  it('rejects a snapshot taken with another history size', () => {
    const snapshot = new AlertGroupState({ ...plain, history: 3 }).snapshot();
    expect(() => AlertGroupState.restore(plain, snapshot)).toThrow(/history of 3/);
  });
});

describe('percentChange', () => {
  it('weights the wrap-around window exactly as Kapacitor', () => {
    // N = 4, idx = 1: comparisons (1,0) w=0.8, (2,1) w=0.9333.., (3,2) w=1.0666..; (0,3) is skipped.
    const history: Level[] = ['OK', 'CRITICAL', 'CRITICAL', 'OK'];
    const step = (1.2 - 0.8) / 3;
    expect(percentChange(history, 1)).toBe((0.8 + (0.8 + step + step)) / 3);
  });

  it('skips the pair behind the newest entry', () => {
    // idx 0: newest slot 0, then 3, 2, 1 (oldest). Only slot 2 differs, which a plain count would
    // see twice; Kapacitor compares (0,3), (1,0), (2,1) and so sees it once, at the last weight.
    const step = (1.2 - 0.8) / 3;
    expect(percentChange(['OK', 'OK', 'CRITICAL', 'OK'], 0)).toBe((0.8 + step + step) / 3);
  });

  it('is 0 for a constant history', () => {
    expect(percentChange(new Array<Level>(21).fill('WARNING'), 7)).toBe(0);
  });
});

describe('flapping', () => {
  it('enters above high, stays until below low, and leaves', () => {
    const state = new AlertGroupState({ history: 4, flapping: { low: 0.3, high: 0.6 }, maxInterval: 0n });
    const seen: boolean[] = [];
    for (const level of ['CRITICAL', 'OK', 'CRITICAL', 'OK', 'OK', 'OK', 'OK'] as Level[]) {
      state.addEvent(0n, level);
      seen.push(state.flapping);
    }
    // Ratios: 0.578, 0.267, 0.933, 0.933, 0.356, 0.667, 0 -> flapping from the 3rd point; the 6th
    // point rises to 0.667 without any new change (the wrap-around window), off at the 7th.
    expect(seen).toEqual([false, false, true, true, true, true, false]);
  });
});
