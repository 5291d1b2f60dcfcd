import type { Level } from '@vigil/core';
import type { ExpectedAlert, ExpectedAlerts } from './test-file';

/** An alert event the task sent, reduced to what a test can expect of it. */
export interface SentAlert {
  readonly id: string;
  readonly level: Level;
  readonly previousLevel: Level;
  readonly message: string;
  readonly timeNs: bigint;
}

export type AlertField = 'level' | 'at' | 'message' | 'previousLevel';

/** One way the alerts sent differ from the expected ones. */
export type AlertDifference =
  | { readonly kind: 'missing'; readonly expected: ExpectedAlert }
  | { readonly kind: 'unexpected'; readonly sent: SentAlert }
  | { readonly kind: 'wrong'; readonly expected: ExpectedAlert; readonly sent: SentAlert; readonly fields: readonly AlertField[] };

/**
 * Compares expected alerts with those sent; no differences means the test passes.
 *
 * Expected and sent alerts are aligned as a diff aligns lines: in order (over all alerts, or
 * within each alert id with `order: per-id`), only alerts of the same id pair up, and the
 * alignment with the most pairs wins, a pair whose given fields all agree counting double. A
 * pair that disagrees is `wrong` (naming the fields), an expected alert left over is `missing`,
 * and a sent one is `unexpected`, except with `match: contains`, where other alerts may be sent.
 */
export function compareAlerts(expected: ExpectedAlerts, sent: readonly SentAlert[]): AlertDifference[] {
  if (expected.order === 'sent') return align(expected.alerts, sent, expected.match);
  const ids = [...new Set([...expected.alerts.map((alert) => alert.id), ...sent.map((alert) => alert.id)])];
  return ids.flatMap((id) => align(expected.alerts.filter((alert) => alert.id === id), sent.filter((alert) => alert.id === id), expected.match));
}

/** The fields an expected alert gives that the sent one does not have. */
export function fieldsThatDiffer(expected: ExpectedAlert, sent: SentAlert): AlertField[] {
  const fields: AlertField[] = [];
  if (expected.level !== sent.level) fields.push('level');
  if (expected.atNs !== undefined && expected.atNs !== sent.timeNs) fields.push('at');
  if (expected.message !== undefined && expected.message !== sent.message) fields.push('message');
  if (expected.previousLevel !== undefined && expected.previousLevel !== sent.previousLevel) fields.push('previousLevel');
  return fields;
}

/** A weighted longest common subsequence over the two lists; O(expected × sent). */
function align(expected: readonly ExpectedAlert[], sent: readonly SentAlert[], match: ExpectedAlerts['match']): AlertDifference[] {
  const width = sent.length + 1;
  const score = new Int32Array((expected.length + 1) * width);
  const pairScore = (i: number, j: number): number => {
    const e = expected[i] as ExpectedAlert;
    const s = sent[j] as SentAlert;
    if (e.id !== s.id) return 0;
    return fieldsThatDiffer(e, s).length === 0 ? 2 : 1;
  };
  for (let i = expected.length - 1; i >= 0; i--) {
    for (let j = sent.length - 1; j >= 0; j--) {
      const pair = pairScore(i, j);
      const skip = Math.max(score[(i + 1) * width + j] ?? 0, score[i * width + j + 1] ?? 0);
      score[i * width + j] = pair > 0 ? Math.max(skip, pair + (score[(i + 1) * width + j + 1] ?? 0)) : skip;
    }
  }
  const differences: AlertDifference[] = [];
  let i = 0;
  let j = 0;
  while (i < expected.length || j < sent.length) {
    const e = expected[i];
    const s = sent[j];
    if (e === undefined) {
      if (match === 'exact') differences.push({ kind: 'unexpected', sent: s as SentAlert });
      j++;
      continue;
    }
    if (s === undefined) {
      differences.push({ kind: 'missing', expected: e });
      i++;
      continue;
    }
    const pair = pairScore(i, j);
    const here = score[i * width + j] ?? 0;
    if (pair > 0 && here === pair + (score[(i + 1) * width + j + 1] ?? 0)) {
      const fields = fieldsThatDiffer(e, s);
      if (fields.length > 0) differences.push({ kind: 'wrong', expected: e, sent: s, fields });
      i++;
      j++;
    } else if (here === (score[i * width + j + 1] ?? 0)) {
      if (match === 'exact') differences.push({ kind: 'unexpected', sent: s });
      j++;
    } else {
      differences.push({ kind: 'missing', expected: e });
      i++;
    }
  }
  return differences;
}
