// The serve checkpoint workload on the two embedded engines considered (docs/standalone.md, "State
// database"): N groups of ~250-byte seed-task entries, 100 steps each changing P % of them at random,
// one fsynced commit per step. Prints step time, bytes the process wrote per step (/proc/self/io),
// 2,000 random reads, a full scan and the file size. LMDB is not a dependency of vigil: install it
// aside to compare (`npm install --no-save lmdb@3.5.6`); without it only SQLite runs.
// Run: bash tools/node24/run.sh libs/embedded-store/bench/engines.bench.mjs
import { DatabaseSync } from 'node:sqlite';
import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
const lmdbPackage = 'lmdb';
const open = await import(lmdbPackage).then((module) => module.open).catch(() => undefined);

const entry = (g, v) => JSON.stringify({ seq: g, nodes: { stateCount2: { count: v % 7, n: v }, alert3: { level: v % 3 === 0 ? 'CRITICAL' : 'OK', history: [1, 1, 2, 1, 1, 1, 2, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1], flapping: false, t: '1684713065000000000' } } });
const key = (g) => `nome_provedor=p${g % 5},nome_recurso=r${Math.floor(g / 5)}`;
const ioWrite = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);
const dirSize = (d) => readdirSync(d).reduce((s, f) => s + statSync(join(d, f)).size, 0);

function sqlite(dir) {
  const db = new DatabaseSync(join(dir, 'state.db'));
  db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE e (section TEXT, name TEXT, value TEXT, PRIMARY KEY (section, name)) WITHOUT ROWID; CREATE TABLE f (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;');
  const put = db.prepare('INSERT INTO e (section, name, value) VALUES (?, ?, ?) ON CONFLICT (section, name) DO UPDATE SET value = excluded.value');
  const field = db.prepare('INSERT INTO f (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
  const get = db.prepare('SELECT value FROM e WHERE section = ? AND name = ?');
  const scan = db.prepare('SELECT name, value FROM e WHERE section = ? ORDER BY name');
  return {
    name: 'node:sqlite',
    step(offset, changes) { db.exec('BEGIN'); field.run('offset', String(offset)); field.run('task:seed', '{"format":"x","seq":1}'); for (const [k, v] of changes) put.run('groups:seed', k, v); db.exec('COMMIT'); },
    read(keys) { let n = 0; db.exec('BEGIN'); for (const k of keys) if (get.get('groups:seed', k)) n++; db.exec('COMMIT'); return n; },
    scan() { let n = 0; for (const row of scan.iterate("groups:seed")) if (row) n++; return n; },
    close() { db.close(); },
  };
}
function lmdb(dir) {
  const db = open({ path: join(dir, 'state.mdb'), compression: false, encoding: 'string', noSubdir: false });
  return {
    name: 'lmdb',
    step(offset, changes) { db.transactionSync(() => { db.putSync('f\0offset', String(offset)); db.putSync('f\0task:seed', '{"format":"x","seq":1}'); for (const [k, v] of changes) db.putSync('groups:seed\0' + k, v); }); },
    read(keys) { let n = 0; for (const k of keys) if (db.get('groups:seed\0' + k) !== undefined) n++; return n; },
    scan() { return db.getRange({ start: "groups:seed\0", end: "groups:seed\x01" }).asArray.length; },
    close() { return db.close(); },
  };
}

async function run(make, groups, share) {
  const dir = mkdtempSync(join(tmpdir(), 'eng-'));
  const store = make(dir);
  // Fill: every group once, in steps of 10k.
  let t = performance.now();
  for (let g = 0; g < groups; g += 10_000) { const ch = []; for (let i = g; i < Math.min(groups, g + 10_000); i++) ch.push([key(i), entry(i, 0)]); store.step(g, ch); }
  const fill = performance.now() - t;
  const perStep = Math.max(1, Math.round(groups * share));
  const steps = 100;
  let seed = 12345; const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const w0 = ioWrite(); t = performance.now();
  for (let s = 0; s < steps; s++) { const ch = []; for (let i = 0; i < perStep; i++) { const g = Math.floor(rnd() * groups); ch.push([key(g), entry(g, s + 1)]); } store.step(groups + s, ch); }
  const stepMs = (performance.now() - t) / steps; const bytes = (ioWrite() - w0) / steps;
  const keys = []; for (let i = 0; i < 2000; i++) keys.push(key(Math.floor(rnd() * groups)));
  t = performance.now(); store.read(keys); const readMs = performance.now() - t;
  t = performance.now(); const n = store.scan(); const scanMs = performance.now() - t;
  await store.close();
  const size = dirSize(readdirSync(dir).length === 1 && statSync(join(dir, readdirSync(dir)[0])).isDirectory() ? join(dir, readdirSync(dir)[0]) : dir);
  rmSync(dir, { recursive: true, force: true });
  return { engine: store.name, groups, changed: `${share * 100}% (${perStep})`, fillS: (fill / 1000).toFixed(2), stepMs: stepMs.toFixed(1), KiBwrittenPerStep: Math.round(bytes / 1024), read2kMs: readMs.toFixed(1), scanAllMs: scanMs.toFixed(0), scanned: n, fileMiB: (size / 1048576).toFixed(1) };
}
const rows = [];
for (const groups of [10_000, 100_000]) for (const share of [0.01, 0.05]) for (const make of open ? [sqlite, lmdb] : [sqlite]) rows.push(await run(make, groups, share));
console.table(rows);
