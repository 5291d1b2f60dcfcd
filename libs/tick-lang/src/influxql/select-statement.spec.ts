import { describe, expect, it } from 'vitest';
import { parseSelectStatement } from './select-statement';

describe('parseSelectStatement', () => {
  it('splits a statement into its clauses, ignoring keywords inside quotes and regexes', () => {
    const statement = parseSelectStatement(
      `SELECT mean("from") AS "where" FROM "telegraf"."autogen"."cpu", db..mem, /group by/ WHERE host =~ /fill/ AND "x" = 'GROUP BY y' group by host fill(none) ORDER BY time DESC LIMIT 5`,
    );
    expect(statement).toEqual({
      fields: 'mean("from") AS "where"',
      from: '"telegraf"."autogen"."cpu", db..mem, /group by/',
      sources: [
        { database: 'telegraf', retentionPolicy: 'autogen', name: 'cpu', regex: false },
        { database: 'db', retentionPolicy: '', name: 'mem', regex: false },
        { database: '', retentionPolicy: '', name: 'group by', regex: true },
      ],
      where: `host =~ /fill/ AND "x" = 'GROUP BY y'`,
      fill: 'none',
      tail: 'ORDER BY time DESC LIMIT 5',
    });
  });

  it('refuses what Kapacitor refuses: several statements, not a SELECT', () => {
    expect(() => parseSelectStatement('SELECT x FROM m; SELECT y FROM m')).toThrow('query must be a single select statement, got 2 statements');
    expect(() => parseSelectStatement('DROP MEASUREMENT m')).toThrow('query is not a select statement: found DROP');
    expect(() => parseSelectStatement('SELECT x')).toThrow('the query has no FROM clause');
    expect(parseSelectStatement('SELECT a / b FROM m;').fields).toBe('a / b');
  });
});
