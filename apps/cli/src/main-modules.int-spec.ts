import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '@vigil/testing';

/**
 * The compiled CLI loads a command's module only when that command is chosen (issue 15 item 4):
 * `vigil serve` must not carry the Kafka, Redis and schema registry clients that dlq and
 * replay --from-topic import. Each case loads the CLI as the launcher does, runs `<command>
 * --help` (which loads the command's module and everything it imports) and lists the packages
 * then in the module cache.
 */
const run = promisify(execFile);
const root = repositoryRoot();
const UNUSED_BY_SERVE = ['kafkajs', 'ioredis', '@kafkajs/confluent-schema-registry'];
/** Loaded with their first use (an HTTP post, a UDF agent or remote_write body, an email), not at start. */
const LOADED_ON_FIRST_USE = ['undici', 'protobufjs', 'nodemailer'];

/** The node_modules packages loaded after `vigil <argv>` ran in a fresh Node. */
async function packagesLoadedBy(argv: readonly string[]): Promise<string[]> {
  const probe = `
    const { main } = require(${JSON.stringify(join(root, 'apps/cli/dist/main.js'))});
    const io = { stdout: () => true, stderr: (text) => process.stderr.write(text), stderrIsTerminal: false, nowMs: () => 0 };
    main(${JSON.stringify(argv)}, io).then((code) => {
      const names = new Set(Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(?!.*node_modules\\/)/.exec(file)?.[1]).filter(Boolean));
      process.stdout.write(JSON.stringify({ code, names: [...names] }));
    });`;
  const node = process.execPath;
  const { stdout } = await run(node, ['--require', join(root, 'tools/bin/workspace-packages.cjs'), '-e', probe], { cwd: root });
  const { code, names } = JSON.parse(stdout) as { code: number; names: string[] };
  expect(code).toBe(0);
  return names;
}

describe('vigil loads only the chosen command', () => {
  beforeAll(() => {
    // The same freshness check the launcher makes: recompile what changed since the last build.
    const { ensureBuilt } = createRequire(__filename)(join(root, 'tools/bin/cli-build.cjs')) as { ensureBuilt(root: string, node: string): string | undefined };
    expect(ensureBuilt(root, process.execPath)).toBeDefined();
  }, 300_000);

  it('vigil serve loads NestJS and Fastify but not the Kafka, Redis or schema registry clients', async () => {
    const names = await packagesLoadedBy(['serve', '--help']);
    expect(names).toEqual(expect.arrayContaining(['@nestjs/core', 'fastify']));
    for (const name of UNUSED_BY_SERVE) expect(names).not.toContain(name);
    for (const name of LOADED_ON_FIRST_USE) expect(names).not.toContain(name);
  }, 60_000);

  it('vigil dlq, which needs them, loads them', async () => {
    const names = await packagesLoadedBy(['dlq', '--help']);
    expect(names).toEqual(expect.arrayContaining(UNUSED_BY_SERVE));
  }, 60_000);
});
