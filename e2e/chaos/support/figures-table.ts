import { holds, type ScenarioResult } from './scenario-result';

/** A scenario that could not run: the reason instead of figures. */
export interface ScenarioFailure {
  readonly scenario: string;
  readonly error: string;
}

const HEADER = ['scenario', 'expected', 'received', 'missing', 'duplicated', 'keyed dup.', 'unkeyed dup.', 'wrong', 'out of order', 'longest gap', 'writes retried', 'holds'];

/** One Markdown table, a row per scenario, as docs/chaos.md shows it; a scenario that failed to run says why. */
export function figuresTable(rows: readonly (ScenarioResult | ScenarioFailure)[]): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    if ('error' in row) {
      lines.push(`| ${row.scenario} | ${HEADER.slice(1, -1).map(() => '-').join(' | ')} | did not run |`);
      continue;
    }
    const f = row.figures;
    const cells = [row.scenario, f.expected, f.received, f.missing, f.duplicated, f.keyedDuplicates, f.unkeyedDuplicates, f.wrong, f.outOfOrder, `${(f.longestGapMs / 1000).toFixed(1)} s`, `${row.writer.retried} of ${row.writer.batches}`, holds(f) ? 'yes' : 'NO'];
    lines.push(`| ${cells.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** A line per scenario: what was injected, and how the writer's requests were answered. */
export function faultNotes(rows: readonly (ScenarioResult | ScenarioFailure)[]): string {
  return rows
    .map((row) => {
      if ('error' in row) return `- ${row.scenario}: did not run: ${row.error.split('\n')[0]}`;
      const failures = Object.entries(row.writer.failures).map(([status, count]) => `${count}x ${status}`);
      const writes = `${row.writer.attempts} write requests for ${row.writer.batches} batches${failures.length > 0 ? ` (${failures.join(', ')})` : ''}${row.writer.rejected > 0 ? `, ${row.writer.rejected} rejected with 4xx` : ''}${row.writer.abandoned > 0 ? `, ${row.writer.abandoned} abandoned (the writer gave up)` : ''}`;
      return `- ${row.scenario}: ${row.faults}; ${writes}`;
    })
    .join('\n');
}
