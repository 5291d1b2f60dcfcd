import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaSecurityEnv, redisSecurityEnv } from './transport-env';

const ROOT = join(__dirname, '../../../..');
const VARIABLES = [...Object.keys(kafkaSecurityEnv()), ...Object.keys(redisSecurityEnv())];

/** The security variables are written out by hand in two tables; this keeps them in step with the code. */
describe.each(['docs/configuration.md', 'README.md'])('the security table of %s', (file) => {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((line) => /^#+ Kafka and Redis security/.test(line));
  const end = lines.findIndex((line, index) => index > start && line.startsWith('#'));
  const rows = lines.slice(start, end).filter((line) => line.startsWith('| `'));
  const documented = new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((match) => match[1])));

  it('names every variable the services read, and no other', () => {
    expect(start).toBeGreaterThan(-1);
    expect([...documented].sort()).toEqual([...VARIABLES].sort());
  });
});
