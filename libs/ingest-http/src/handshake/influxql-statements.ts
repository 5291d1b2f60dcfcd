/**
 * The little InfluxQL that writers send before they write. Telegraf's `outputs.influxdb`
 * (`plugins/outputs/influxdb/http.go`, `CreateDatabase`) posts `q=CREATE DATABASE "telegraf"`
 * as a form; InfluxDB 1.x client libraries do the same, and some ask `SHOW DATABASES` first.
 * vigil keeps no database, so these are answered the way InfluxDB 1.x answers them
 * (`services/httpd/handler.go`, `serveQuery`) and every other statement is refused per statement.
 */

/** One statement's entry in InfluxDB's `{"results": [...]}`. */
export interface StatementResult {
  readonly statement_id: number;
  readonly series?: ReadonlyArray<{ readonly name: string; readonly columns: readonly string[]; readonly values?: ReadonlyArray<readonly string[]> }>;
  readonly error?: string;
}

/** What a `/query` request gets: 200 with per-statement results, or 400 with `{"error"}` when the query cannot be read. */
export type QueryAnswer = { readonly status: 200; readonly body: { readonly results: readonly StatementResult[] } } | { readonly status: 400; readonly body: { readonly error: string } };

/** Names vigil has been told of: created through `/query` on this process. */
export interface DatabaseNames {
  add(name: string): void;
  list(): readonly string[];
}

const NOT_STORED =
  'vigil does not store data: it evaluates the points written to it with its tasks and answers only CREATE DATABASE, CREATE RETENTION POLICY and SHOW DATABASES, as writers send them; query the database your points are also written to';

/** Answers the statements of `q`, in order. After a refused statement the rest are "not executed", as InfluxDB does. */
export function answerQuery(q: string | undefined, databases: DatabaseNames): QueryAnswer {
  if (q === undefined || q.trim() === '') return { status: 400, body: { error: 'missing required parameter "q"' } };
  let statements: string[][];
  try {
    statements = splitStatements(q);
  } catch (error) {
    return { status: 400, body: { error: `error parsing query: ${(error as Error).message}` } };
  }
  if (statements.length === 0) return { status: 400, body: { error: 'error parsing query: found EOF, expected statement' } };
  const results: StatementResult[] = [];
  let refused = false;
  statements.forEach((words, index) => {
    if (refused) {
      results.push({ statement_id: index, error: 'not executed' });
      return;
    }
    const result = answerStatement(words, index, databases);
    refused = result.error !== undefined;
    results.push(result);
  });
  return { status: 200, body: { results } };
}

function answerStatement(words: readonly string[], id: number, databases: DatabaseNames): StatementResult {
  const keywords = words.map((word) => word.toUpperCase());
  if (keywords[0] === 'CREATE' && keywords[1] === 'DATABASE' && words[2] !== undefined) {
    databases.add(unquote(words[2]));
    return { statement_id: id };
  }
  if (keywords[0] === 'CREATE' && keywords[1] === 'RETENTION' && keywords[2] === 'POLICY') return { statement_id: id };
  if (keywords[0] === 'SHOW' && keywords[1] === 'DATABASES' && words.length === 2) {
    const names = databases.list();
    // InfluxDB leaves `values` out when there is no database.
    return { statement_id: id, series: [{ name: 'databases', columns: ['name'], ...(names.length > 0 ? { values: names.map((name) => [name]) } : {}) }] };
  }
  return { statement_id: id, error: `${NOT_STORED} (got "${words.slice(0, 3).join(' ')}${words.length > 3 ? ' ...' : ''}")` };
}

/**
 * Splits a query into statements of words. Quoted identifiers (`"my db"`, with `\"` inside) and
 * strings (`'...'`) stay one word with their quotes; `;` ends a statement.
 */
export function splitStatements(q: string): string[][] {
  const statements: string[][] = [];
  let words: string[] = [];
  let index = 0;
  while (index < q.length) {
    const char = q[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === ';') {
      if (words.length > 0) statements.push(words);
      words = [];
      index += 1;
    } else if (char === '"' || char === "'") {
      const end = closingQuote(q, index);
      words.push(q.slice(index, end + 1));
      index = end + 1;
    } else {
      let end = index;
      while (end < q.length && !/[\s;"']/.test(q[end] as string)) end += 1;
      words.push(q.slice(index, end));
      index = end;
    }
  }
  if (words.length > 0) statements.push(words);
  return statements;
}

function closingQuote(q: string, start: number): number {
  const quote = q[start];
  for (let index = start + 1; index < q.length; index++) {
    if (q[index] === '\\') index += 1;
    else if (q[index] === quote) return index;
  }
  throw new Error(`found unterminated quote at char ${start + 1}`);
}

/** `"my \"db\""` gives `my "db"`; a bare identifier stays as written. */
function unquote(word: string): string {
  if (!word.startsWith('"')) return word;
  return word.slice(1, -1).replace(/\\(.)/g, '$1');
}
