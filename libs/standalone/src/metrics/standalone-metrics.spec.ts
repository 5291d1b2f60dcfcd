import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@vigil/observability';
import { Registry } from 'prom-client';
import { StandaloneMetrics } from './standalone-metrics';

describe('StandaloneMetrics', () => {
  it("reads the data folder's bytes and its file system's free space at scrape time", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'serve-data-'));
    mkdirSync(join(folder, 'points'));
    writeFileSync(join(folder, 'points', '00000000000000000000.log'), 'x'.repeat(1_000));
    writeFileSync(join(folder, 'cluster.id'), 'y'.repeat(36));
    const registry = new Registry();
    const positions = { pointLogEnd: () => 0n, evaluated: () => 0n, eventLogEnd: () => 0n, notified: () => 0n, dataFolder: folder };
    new StandaloneMetrics(registry, positions, createLogger({ service: 'test', level: 'silent' }));
    const text = await registry.metrics();
    expect(text).toContain('vigil_standalone_data_bytes 1036');
    const free = Number(/^vigil_standalone_data_free_bytes (\d+)$/m.exec(text)?.[1]);
    expect(free).toBeGreaterThan(0);
  });
});
