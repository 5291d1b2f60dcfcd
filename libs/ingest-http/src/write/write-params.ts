import { parsePrecision, type Precision } from '@vigil/line-protocol';
import { WriteRefusedError } from './write-outcome';

/** Where a line-protocol body goes and how its timestamps read. */
export interface WriteTarget {
  readonly database: string;
  readonly retentionPolicy: string;
  readonly precision: Precision;
}

type Query = Readonly<Record<string, string>>;

/**
 * InfluxDB 1.x `/write` and Kapacitor's `/kapacitor/v1/write`: `db` (required, InfluxDB's own
 * wording when missing), `rp` (empty means the database's default policy, which InfluxDB names
 * `autogen`), `precision` (n, ns, u, ms, s, m, h). `consistency` only matters to clustered
 * InfluxDB and is accepted for compatibility.
 */
export function influxV1Target(query: Query): WriteTarget {
  const database = query['db'] ?? '';
  if (database === '') throw new WriteRefusedError(400, 'database is required');
  const consistency = query['consistency'];
  if (consistency !== undefined && !['', 'any', 'one', 'quorum', 'all'].includes(consistency)) {
    throw new WriteRefusedError(400, 'invalid consistency level');
  }
  return { database, retentionPolicy: query['rp'] || 'autogen', precision: precisionOf(query['precision'] ?? '', ['n', 'ns', 'u', 'ms', 's', 'm', 'h']) };
}

/**
 * InfluxDB 2.x `/api/v2/write` as InfluxDB 1.8's compatibility API reads it: `bucket` is
 * `database/retention-policy` (or a bare database), `org` is ignored, and precision is one of
 * ns, us, ms, s.
 */
export function influxV2Target(query: Query): WriteTarget {
  const bucket = query['bucket'] ?? '';
  if (bucket === '') throw new WriteRefusedError(400, 'bucket is required');
  const slash = bucket.indexOf('/');
  const database = slash < 0 ? bucket : bucket.slice(0, slash);
  const retentionPolicy = slash < 0 ? '' : bucket.slice(slash + 1);
  if (database === '') throw new WriteRefusedError(400, 'bucket names no database');
  return { database, retentionPolicy: retentionPolicy || 'autogen', precision: precisionOf(query['precision'] ?? 'ns', ['ns', 'us', 'ms', 's']) };
}

function precisionOf(text: string, allowed: readonly string[]): Precision {
  const precision = parsePrecision(text);
  if (precision === undefined || (text !== '' && !allowed.includes(text))) {
    throw new WriteRefusedError(400, `invalid precision "${text}" (expected one of ${allowed.join(', ')})`);
  }
  return precision;
}
