// Why a step of `vigil serve` writes pages, not entries (docs/standalone.md, "What a step writes"):
// the state database's checkpoint table (same schema as state-database.ts) filled with N groups of
// seed-task entries (~400 bytes), then steps each changing C groups at random, one fsynced
// transaction per step as SqliteCheckpointStore.save runs it. Prints, per page size, the bytes the
// process wrote per step (/proc/self/io) and per changed group, with the WAL's size: a changed
// group costs about one page in the WAL and one file-system block when the WAL is checkpointed,
// until a step changes most pages (then the whole table, once).
// Run: bash tools/node24/run.sh libs/embedded-store/bench/page-writes.bench.mjs [groups] [changed per step,...]
import { DatabaseSync } from 'node:sqlite';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const groups = Number(process.argv[2] ?? 1_000_000);
const changedPerStep = (process.argv[3] ?? '8000,64000').split(',').map(Number);
const STEPS = 4;
const key = (g) => `nome_provedor=p${g % 5},nome_recurso=r${Math.floor(g / 5)}`;
const history = JSON.stringify(Array.from({ length: 21 }, (_, i) => (i % 7 === 1 ? 'INFO' : 'OK')));
const entry = (g, n) =>
  `{"seq":${g},"nodes":{"state_count2":{"s":${n % 3}},"alert3":{"state":{"history":${history},"idx":${n % 21},"flapping":false,"changed":false,"expired":false,"firstTriggered":"${1684713065000000000n + BigInt(n)}","lastTriggered":"${1684713065000000000n + BigInt(n)}"},"inhibitors":[]}}}`;
const written = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);

function run(pageSize, changed) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-page-writes-'));
  try {
    const db = new DatabaseSync(join(dir, 'state.db'));
    db.exec(`PRAGMA page_size = ${pageSize}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;`);
    db.exec('CREATE TABLE checkpoint_entry (topic TEXT NOT NULL, partition INTEGER NOT NULL, section TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (topic, partition, section, name)) WITHOUT ROWID;');
    const put = db.prepare('INSERT INTO checkpoint_entry VALUES (?, ?, ?, ?, ?) ON CONFLICT (topic, partition, section, name) DO UPDATE SET value = excluded.value');
    const save = (list) => {
      db.exec('BEGIN IMMEDIATE');
      for (const g of list) put.run('vigil.points', 0, 'groups:provider_health', key(g), entry(g, g + list.length));
      db.exec('COMMIT');
    };
    // The fill is not measured: every group once, in key order, then the WAL folded in.
    db.exec('PRAGMA synchronous = OFF');
    save(Array.from({ length: groups }, (_, g) => g));
    db.exec('PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE)');
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x80000000;
    const before = written();
    for (let step = 0; step < STEPS; step++) {
      const picked = new Set();
      while (picked.size < changed) picked.add(Math.floor(random() * groups));
      save([...picked]);
    }
    const perStep = (written() - before) / STEPS;
    const wal = statSync(join(dir, 'state.db-wal')).size;
    db.close();
    return { 'page size': pageSize, groups, 'changed per step': changed, 'MiB written per step': (perStep / 1048576).toFixed(1), 'bytes per changed group': Math.round(perStep / changed), 'WAL MiB': (wal / 1048576).toFixed(1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const changed of changedPerStep) for (const pageSize of [4096, 2048]) rows.push(run(pageSize, changed));
console.table(rows);
