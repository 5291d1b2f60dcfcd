import { answerQuery, splitStatements, type DatabaseNames } from './influxql-statements';

function names(initial: string[] = []): DatabaseNames & { readonly seen: string[] } {
  const seen = [...initial];
  return { seen, add: (name) => void (seen.includes(name) ? undefined : seen.push(name)), list: () => [...seen].sort() };
}

describe('answerQuery', () => {
  it("answers Telegraf's CREATE DATABASE (a quoted identifier) with InfluxDB 1.x's success and remembers the name", () => {
    const databases = names();
    expect(answerQuery('CREATE DATABASE "telegraf"', databases)).toEqual({ status: 200, body: { results: [{ statement_id: 0 }] } });
    expect(databases.seen).toEqual(['telegraf']);
  });

  it('takes bare and escaped names, options after the name, any keyword case, and CREATE RETENTION POLICY', () => {
    const databases = names();
    const answer = answerQuery('create database metrics WITH DURATION 30d; CREATE DATABASE "my \\"db\\""; CREATE RETENTION POLICY "week" ON "metrics" DURATION 7d REPLICATION 1', databases);
    expect(answer).toEqual({ status: 200, body: { results: [{ statement_id: 0 }, { statement_id: 1 }, { statement_id: 2 }] } });
    expect(databases.seen).toEqual(['metrics', 'my "db"']);
  });

  it('lists the databases created so far for SHOW DATABASES, leaving values out when there is none (as InfluxDB does)', () => {
    expect(answerQuery('SHOW DATABASES', names())).toEqual({ status: 200, body: { results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'] }] }] } });
    expect(answerQuery('SHOW DATABASES', names(['telegraf', 'app']))).toEqual({
      status: 200,
      body: { results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [['app'], ['telegraf']] }] }] },
    });
  });

  it('refuses a statement that reads or deletes data with a per-statement error saying vigil stores nothing; the rest are not executed', () => {
    const answer = answerQuery('SELECT * FROM cpu; CREATE DATABASE x', names());
    expect(answer.status).toBe(200);
    const results = answer.status === 200 ? answer.body.results : [];
    expect(results[0]?.statement_id).toBe(0);
    expect(results[0]?.error).toMatch(/^vigil does not store data: .* \(got "SELECT \* FROM \.\.\."\)$/);
    expect(results[1]).toEqual({ statement_id: 1, error: 'not executed' });
  });

  it('answers 400 with {"error"} for a missing q or a query it cannot read, as InfluxDB does', () => {
    expect(answerQuery(undefined, names())).toEqual({ status: 400, body: { error: 'missing required parameter "q"' } });
    expect(answerQuery('  ', names())).toEqual({ status: 400, body: { error: 'missing required parameter "q"' } });
    expect(answerQuery('CREATE DATABASE "open', names())).toEqual({ status: 400, body: { error: 'error parsing query: found unterminated quote at char 17' } });
    expect(answerQuery(';;', names())).toEqual({ status: 400, body: { error: 'error parsing query: found EOF, expected statement' } });
  });
});

describe('splitStatements', () => {
  it('keeps quoted words whole, semicolons inside quotes included', () => {
    expect(splitStatements(`CREATE DATABASE "a;b" ; SHOW  DATABASES;`)).toEqual([['CREATE', 'DATABASE', '"a;b"'], ['SHOW', 'DATABASES']]);
    expect(splitStatements(`SELECT 'it''s' FROM m`)).toEqual([['SELECT', "'it'", "'s'", 'FROM', 'm']]);
  });
});
