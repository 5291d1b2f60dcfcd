import type { Level } from '@vigil/core';
import type { ExpectedAlert, ExpectedAlerts } from './test-file';
import { compareAlerts, type SentAlert } from './test-matcher';
import { differenceLines } from './test-report';

const sent = (id: string, level: Level, timeNs = 0n, previousLevel: Level = 'OK'): SentAlert => ({ id, level, previousLevel, message: `${id} is ${level}`, timeNs });
let line = 0;
const want = (id: string, level: Level, more: Partial<ExpectedAlert> = {}): ExpectedAlert => ({ id, level, line: ++line, ...more });
const exact = (...alerts: ExpectedAlert[]): ExpectedAlerts => ({ match: 'exact', order: 'sent', alerts });

describe('compareAlerts', () => {
  beforeEach(() => void (line = 0));

  it('passes when the alerts sent are the expected ones, in order', () => {
    expect(compareAlerts(exact(want('a', 'CRITICAL'), want('a', 'OK')), [sent('a', 'CRITICAL'), sent('a', 'OK')])).toEqual([]);
  });

  it('names a missing alert, an unexpected one, and a wrong level', () => {
    const differences = compareAlerts(exact(want('a', 'CRITICAL'), want('b', 'WARNING'), want('c', 'OK')), [sent('a', 'WARNING', 1_000_000_000n), sent('c', 'OK'), sent('d', 'INFO', 2_000_000_000n)]);
    expect(differenceLines(differences)).toEqual([
      '~ wrong       a level CRITICAL expected, WARNING sent (line 1)',
      '- missing     b WARNING (line 2)',
      '+ unexpected  d INFO at 1970-01-01T00:00:02Z',
    ]);
  });

  it('checks at, message and previousLevel only where given', () => {
    const differences = compareAlerts(exact(want('a', 'OK', { atNs: 5n, at: '+5ns', message: 'a is OK', previousLevel: 'CRITICAL' })), [sent('a', 'OK', 6n, 'WARNING')]);
    expect(differenceLines(differences)).toEqual(['~ wrong       a at 1970-01-01T00:00:00.000000005Z expected, 1970-01-01T00:00:00.000000006Z sent; previousLevel CRITICAL expected, WARNING sent (line 1)']);
  });

  it('pairs an expected alert with the sent one that agrees, not the first of its id', () => {
    expect(compareAlerts({ match: 'contains', order: 'sent', alerts: [want('a', 'CRITICAL')] }, [sent('a', 'WARNING'), sent('a', 'CRITICAL')])).toEqual([]);
    expect(compareAlerts(exact(want('a', 'CRITICAL')), [sent('a', 'WARNING'), sent('a', 'CRITICAL')]).map((difference) => difference.kind)).toEqual(['unexpected']);
  });

  it('with contains, allows other alerts but not a different order', () => {
    const contains = { match: 'contains' as const, order: 'sent' as const, alerts: [want('b', 'OK'), want('a', 'OK')] };
    expect(compareAlerts(contains, [sent('a', 'OK'), sent('x', 'INFO'), sent('b', 'OK')]).map((difference) => difference.kind)).toEqual(['missing']);
    expect(compareAlerts(contains, [sent('b', 'OK'), sent('x', 'INFO'), sent('a', 'OK')])).toEqual([]);
  });

  it('with per-id, compares the order within each id only', () => {
    const perId = { match: 'exact' as const, order: 'per-id' as const, alerts: [want('b', 'OK'), want('a', 'CRITICAL'), want('a', 'OK')] };
    expect(compareAlerts(perId, [sent('a', 'CRITICAL'), sent('b', 'OK'), sent('a', 'OK')])).toEqual([]);
    expect(compareAlerts(perId, [sent('a', 'OK'), sent('b', 'OK'), sent('a', 'CRITICAL')]).map((difference) => difference.kind)).toEqual(['wrong', 'wrong']);
  });

  it('expects no alert from an empty list', () => {
    expect(compareAlerts(exact(), [sent('a', 'OK')]).map((difference) => difference.kind)).toEqual(['unexpected']);
    expect(compareAlerts(exact(), [])).toEqual([]);
  });
});
