import { run } from '../../testing/script-harness.test';

describe('log node', () => {
  it('logs every message at the chosen level with the prefix and passes it on', () => {
    const recorder = run(`stream|from()|log().level('warn').prefix('seen')|httpOut('out')`, `m v=1i 1`);
    expect(recorder.outPoints()).toHaveLength(1);
    expect(recorder.logs).toHaveLength(1);
    expect(recorder.logs[0]?.level).toBe('warn');
    expect(recorder.logs[0]?.message).toMatch(/^seen \{"kind":"point","point":\{.*"v":"1".*\}/);
  });
});
