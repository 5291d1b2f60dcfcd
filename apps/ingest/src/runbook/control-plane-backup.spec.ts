import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { decodeTaskRecord, type KapacitorTask } from '@vigil/kapacitor-api';
import { controlPlaneArchive } from './control-plane-backup';

const TIME = '2024-05-01T10:00:00.000Z';
const SCRIPT = "dbrp \"telegraf\".\"autogen\"\n\nstream\n    |from()\n        .measurement('cpu')\n";
// Kapacitor allows task ids of any length; 200 characters made the path 211 bytes, past ustar's 100.
const LONG_ID = `cpu_${'x'.repeat(196)}`;
const task: KapacitorTask = { name: LONG_ID, script: SCRIPT, status: 'enabled', record: { dbrps: [{ db: 'telegraf', rp: 'autogen' }], created: TIME, modified: TIME, lastEnabled: TIME } };
const url = 'https://hooks.example.com/in';
const handler = { topic: `ops.${'t'.repeat(60)}`, id: `post-${'h'.repeat(60)}`, kind: 'post', options: { url }, match: '', handler: { kind: 'post', args: [url], options: [] } };

/** Every entry of a gzipped tar as tar-stream reads it back: path and text. */
async function entries(archive: Buffer): Promise<[string, string][]> {
  const reader = extract();
  Readable.from([gunzipSync(archive)]).pipe(reader);
  const read: [string, string][] = [];
  for await (const entry of reader) read.push([entry.header.name, (await buffer(entry)).toString('utf8')]);
  return read;
}

describe('controlPlaneArchive', () => {
  it('holds a task with a 200-character id and a topic handler with a long topic and id, read back whole', async () => {
    const archive = await controlPlaneArchive({ tasks: [task], templates: [], topicHandlers: [handler], recordings: [], replays: [] }, 1_700_000_000);

    const read = await entries(archive);
    expect(read.map(([path]) => path)).toEqual([`tasks/${LONG_ID}.json`, `topic-handlers/${handler.topic}/${handler.id}.json`]);
    expect(decodeTaskRecord(LONG_ID, read[0]?.[1] ?? '')).toMatchObject({ name: LONG_ID, script: SCRIPT, status: 'enabled' });

    const file = join(mkdtempSync(join(tmpdir(), 'vigil-backup-')), 'backup.tar.gz');
    writeFileSync(file, archive);
    expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })).toBe(`tasks/${LONG_ID}.json\ntopic-handlers/${handler.topic}/${handler.id}.json\n`);
  });
});
