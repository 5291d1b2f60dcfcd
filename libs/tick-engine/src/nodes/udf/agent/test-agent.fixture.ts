import { join } from 'node:path';
import type { UdfProcessConfig } from './udf-function-config';

/** The process config of vigil's test agent (udf-test-agent.fixture.ts), run through tsx. */
export function testAgentConfig(mode: 'stream' | 'batch' = 'stream', timeoutMs = 10_000): UdfProcessConfig {
  return { kind: 'process', prog: process.execPath, args: ['--import', 'tsx', join(__dirname, 'udf-test-agent.fixture.ts'), `--${mode}`], env: {}, timeoutMs };
}
