import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Scripts shared by the specs, kept as .tick files so they read like real tasks. */
export function readFixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

/** The seed's provider-health task (seeds/000_*.txt), as a Kapacitor 1.6 user writes it. */
export const PROVIDER_HEALTH = readFixture('provider-health.tick');
