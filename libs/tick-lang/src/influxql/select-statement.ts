/**
 * The clauses of one InfluxQL SELECT statement, as written, for a batch `query()` node.
 *
 * Kapacitor parses the query with InfluxDB's influxql package, adds the time bounds to its WHERE
 * condition, replaces its GROUP BY and fill with the node's `.groupBy()` and `.fill()`, and prints
 * the statement again (`query.go`: `NewQuery`, `Dimensions`, `Fill`). vigil keeps the clauses'
 * own text instead of re-printing a parsed tree: the statement InfluxDB receives differs from
 * Kapacitor's only in spelling (quotes, spaces, keyword case), never in meaning.
 */
export interface SelectStatement {
  /** The field list (`mean("value")`). */
  readonly fields: string;
  /** `INTO ...` target text, without the keyword. */
  readonly into?: string;
  /** The FROM sources as written (`"telegraf"."autogen"."cpu"`). */
  readonly from: string;
  readonly sources: readonly SourceMeasurement[];
  /** The WHERE condition as written, without the keyword. */
  readonly where?: string;
  /**
   * The argument of the query's own `fill(...)`, kept when the node sets no `.fill()`. The
   * query's own GROUP BY is always dropped: Kapacitor replaces the dimensions with `.groupBy()`'s.
   */
  readonly fill?: string;
  /** `ORDER BY`, `LIMIT`, `OFFSET`, `SLIMIT`, `SOFFSET` and `tz()`, as written, in order. */
  readonly tail: string;
}

/** One FROM source: `db.rp.measurement`, any part possibly empty; `regex` for `/.../` names. */
export interface SourceMeasurement {
  readonly database: string;
  readonly retentionPolicy: string;
  readonly name: string;
  readonly regex: boolean;
}

export class InfluxQLError extends Error {
  /** Offset in the query text where the problem is. */
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
}

const CLAUSES = ['SELECT', 'INTO', 'FROM', 'WHERE', 'GROUP', 'FILL', 'ORDER', 'LIMIT', 'OFFSET', 'SLIMIT', 'SOFFSET', 'TZ'] as const;
type Clause = (typeof CLAUSES)[number];
const TAIL: readonly Clause[] = ['ORDER', 'LIMIT', 'OFFSET', 'SLIMIT', 'SOFFSET', 'TZ'];

/**
 * Splits `query` into its clauses. Throws InfluxQLError for what Kapacitor refuses when the task
 * is defined: more than one statement, a statement other than SELECT, a SELECT without FROM.
 * Quoted strings, quoted identifiers and regexes are skipped, so keywords inside them do not count.
 */
export function parseSelectStatement(query: string): SelectStatement {
  const words = scanWords(query);
  const first = words[0];
  if (!first) throw new InfluxQLError('query must be a single select statement, got 0 statements', 0);
  if (first.text.toUpperCase() !== 'SELECT') throw new InfluxQLError(`query is not a select statement: found ${first.text}`, first.start);
  const starts: { clause: Clause; word: Word }[] = [];
  for (const word of words) {
    if (word.depth !== 0) continue;
    const upper = word.text.toUpperCase();
    if (upper === ';') {
      const rest = query.slice(word.end).trim();
      if (rest !== '') throw new InfluxQLError('query must be a single select statement, got 2 statements', word.start);
      starts.push({ clause: 'TZ', word: { ...word, text: ';' } });
      continue;
    }
    if ((CLAUSES as readonly string[]).includes(upper)) starts.push({ clause: upper as Clause, word });
  }
  const clauses = new Map<Clause, { text: string; start: number }>();
  let tailStart: number | undefined;
  starts.forEach(({ clause, word }, index) => {
    const next = starts[index + 1];
    const end = next ? next.word.start : query.length;
    if (word.text === ';') return;
    if (TAIL.includes(clause)) {
      tailStart ??= word.start;
      return;
    }
    if (clauses.has(clause)) throw new InfluxQLError(`found ${word.text} twice in the query`, word.start);
    let bodyStart = word.end;
    if (clause === 'GROUP') bodyStart = expectBy(query, word);
    clauses.set(clause, { text: query.slice(bodyStart, end).trim(), start: bodyStart });
  });
  const semicolon = starts.find((entry) => entry.word.text === ';');
  const tailEnd = semicolon ? semicolon.word.start : query.length;
  const from = clauses.get('FROM');
  if (!from || from.text === '') throw new InfluxQLError('the query has no FROM clause', query.length);
  const fields = clauses.get('SELECT')?.text ?? '';
  if (fields === '') throw new InfluxQLError('the query selects no fields', first.end);
  const into = clauses.get('INTO')?.text;
  const where = clauses.get('WHERE')?.text;
  const fill = clauses.get('FILL')?.text.replace(/^\(\s*|\s*\)$/g, '');
  return {
    fields,
    ...(into ? { into } : {}),
    from: from.text,
    sources: parseSources(from.text, from.start),
    ...(where ? { where } : {}),
    ...(fill ? { fill } : {}),
    tail: tailStart === undefined ? '' : query.slice(tailStart, tailEnd).trim(),
  };
}

function expectBy(query: string, group: Word): number {
  const match = /^\s+by\b/i.exec(query.slice(group.end));
  if (!match) throw new InfluxQLError('expected BY after GROUP', group.end);
  return group.end + match[0].length;
}

/** Words, `;` and parenthesis depth, skipping quoted text and regexes. */
function scanWords(query: string): Word[] {
  const words: Word[] = [];
  let depth = 0;
  let i = 0;
  let previous = '';
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      i = skipQuoted(query, i, c);
      previous = c;
    } else if (c === '/' && regexMayStart(previous)) {
      i = skipQuoted(query, i, '/');
      previous = '/';
    } else if (c === '(') {
      depth++;
      i++;
      previous = c;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
      previous = c;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < query.length && /[A-Za-z0-9_]/.test(query[i] as string)) i++;
      const text = query.slice(start, i);
      words.push({ text, start, end: i, depth });
      previous = text.toUpperCase();
    } else {
      if (c === ';') words.push({ text: ';', start: i, end: i + 1, depth });
      const two = query.slice(i, i + 2);
      previous = two === '=~' || two === '!~' ? two : c;
      i += two === '=~' || two === '!~' ? 2 : 1;
    }
  }
  return words;
}

/** A `/` opens a regex where a measurement or a comparison's operand is expected. */
function regexMayStart(previous: string): boolean {
  return previous === 'FROM' || previous === ',' || previous === '=~' || previous === '!~';
}

function skipQuoted(query: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  throw new InfluxQLError(`unterminated ${quote === '/' ? 'regex' : 'quoted text'}`, start);
}

function parseSources(text: string, offset: number): SourceMeasurement[] {
  const sources: SourceMeasurement[] = [];
  let segments: string[] = [''];
  let regex = false;
  let i = 0;
  const finish = (): void => {
    const parts = segments.length > 3 ? segments.slice(-3) : segments;
    const [database, retentionPolicy, name] =
      parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0] ?? '', parts[1] ?? ''] : ['', '', parts[0] ?? ''];
    if (name === '' && !regex) throw new InfluxQLError('a FROM source has no measurement name', offset + i);
    sources.push({ database: database ?? '', retentionPolicy: retentionPolicy ?? '', name: name ?? '', regex });
    segments = [''];
    regex = false;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' || c === '/') {
      const end = skipQuoted(text, i, c);
      segments[segments.length - 1] += unescape(text.slice(i + 1, end - 1), c);
      regex ||= c === '/';
      i = end;
    } else if (c === '.') {
      segments.push('');
      i++;
    } else if (c === ',') {
      finish();
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      segments[segments.length - 1] += c;
      i++;
    }
  }
  finish();
  return sources;
}

function unescape(text: string, quote: string): string {
  return quote === '"' ? text.replace(/\\(.)/g, '$1') : text;
}
