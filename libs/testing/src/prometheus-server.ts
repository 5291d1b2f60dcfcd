import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's Prometheus and promtool (package prometheus); PromQL tests skip without them. */
export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';
export const HAVE_PROMETHEUS = existsSync(PROMETHEUS) && existsSync(PROMTOOL);

/** One sample to load: metric name, labels, value and Unix time in seconds. */
export interface PrometheusSample {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly seconds: number;
}

export interface RunningPrometheus {
  readonly url: string;
  stop(): void;
}

/**
 * A real Prometheus holding exactly `samples` at their own (past) times: they are written as
 * OpenMetrics, turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics` (a
 * backfill, so no scrape and no wall clock decide what is stored), and served with retention long
 * enough to keep them, on a port random in [20000, 30000).
 */
export async function startPrometheus(samples: readonly PrometheusSample[]): Promise<RunningPrometheus> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-prometheus-'));
  const cleanUp = () => rmSync(folder, { recursive: true, force: true });
  const text = [...samples]
    .sort((a, b) => a.seconds - b.seconds)
    .map((sample) => `${sample.metric}{${Object.entries(sample.labels).map(([name, value]) => `${name}="${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}} ${sample.value} ${sample.seconds}`);
  writeFileSync(join(folder, 'samples.om'), `${text.join('\n')}\n# EOF\n`);
  const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(folder, 'samples.om'), join(folder, 'tsdb')], { encoding: 'utf8' });
  if (backfill.status !== 0) {
    cleanUp();
    throw new Error(`promtool could not load the samples: ${backfill.stderr}`);
  }
  writeFileSync(join(folder, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
  const port = 20_000 + Math.floor(Math.random() * 10_000);
  const url = `http://127.0.0.1:${port}`;
  const prometheus: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${join(folder, 'prometheus.yml')}`, `--storage.tsdb.path=${join(folder, 'tsdb')}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const stop = () => {
    prometheus.kill('SIGTERM');
    cleanUp();
  };
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${url}/-/ready`).then((response) => response.status === 200, () => false);
    if (ready) break;
    if (attempt > 300) {
      stop();
      throw new Error(`prometheus did not answer on ${url}`);
    }
    await sleep(100);
  }
  return { url, stop };
}
