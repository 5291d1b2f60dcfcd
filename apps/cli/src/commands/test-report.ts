import { formatRFC3339Nano } from '@vigil/go-format';
import type { ExpectedAlert } from './test-file';
import type { AlertDifference, AlertField, SentAlert } from './test-matcher';

/**
 * The lines under a failed case, one per difference, as a diff reads: `-` expected and not sent,
 * `+` sent and not expected, `~` paired but different (each differing field, expected → sent).
 */
export function differenceLines(differences: readonly AlertDifference[]): string[] {
  return differences.map((difference) => {
    switch (difference.kind) {
      case 'missing':
        return `- missing     ${describeExpected(difference.expected)}`;
      case 'unexpected':
        return `+ unexpected  ${describeSent(difference.sent)}`;
      case 'wrong': {
        const { expected, sent } = difference;
        const fields = difference.fields.map((field) => `${field} ${valueOf(expected, field)} expected, ${sentValueOf(sent, field)} sent`);
        return `~ wrong       ${expected.id} ${fields.join('; ')} (line ${expected.line})`;
      }
    }
  });
}

function describeExpected(alert: ExpectedAlert): string {
  const at = alert.at === undefined ? '' : ` at ${alert.at}`;
  return `${alert.id} ${alert.level}${at} (line ${alert.line})`;
}

function describeSent(alert: SentAlert): string {
  return `${alert.id} ${alert.level} at ${formatRFC3339Nano(alert.timeNs)}`;
}

function valueOf(alert: ExpectedAlert, field: AlertField): string {
  if (field === 'at') return alert.atNs === undefined ? '' : formatRFC3339Nano(alert.atNs);
  if (field === 'message') return JSON.stringify(alert.message);
  return String(alert[field]);
}

function sentValueOf(alert: SentAlert, field: AlertField): string {
  if (field === 'at') return formatRFC3339Nano(alert.timeNs);
  if (field === 'message') return JSON.stringify(alert.message);
  return alert[field];
}
