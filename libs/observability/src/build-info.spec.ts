import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { readBuildInfo, registerBuildInfo } from './build-info';

describe('vigil_build_info', () => {
  it("reads the version of the nearest package.json named vigil, skipping the libraries' own", () => {
    const root = mkdtempSync(join(tmpdir(), 'build-info-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'vigil', version: '1.2.3' }));
    mkdirSync(join(root, 'libs', 'observability', 'dist'), { recursive: true });
    writeFileSync(join(root, 'libs', 'observability', 'package.json'), JSON.stringify({ name: '@vigil/observability', version: '0.0.1' }));
    expect(readBuildInfo(join(root, 'libs', 'observability', 'dist'))).toEqual({ version: '1.2.3', revision: '1.2.3', nodeVersion: process.version });
  });

  it('says unknown when no vigil package is above', () => {
    expect(readBuildInfo(mkdtempSync(join(tmpdir(), 'build-info-none-'))).version).toBe('unknown');
  });

  it('is one series of value 1 with the version labels', async () => {
    const registry = new Registry();
    registerBuildInfo(registry, { version: '0.1.0', revision: '0.1.0', nodeVersion: 'v24.1.0' });
    expect(await registry.metrics()).toContain('vigil_build_info{version="0.1.0",revision="0.1.0",node_version="v24.1.0"} 1');
  });
});
