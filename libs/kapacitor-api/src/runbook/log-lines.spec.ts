import { formatLogLine, readLogFilter } from './log-lines';

describe('log lines', () => {
  it("writes logs as Kapacitor's session does, filtered by level and fields", () => {
    const line = JSON.stringify({ level: 'info', time: '2024-05-01T10:00:00.000Z', service: 'standalone', msg: 'task defined', task: 'cpu high' });
    expect(formatLogLine(line, readLogFilter({}), false)).toBe('ts=2024-05-01T10:00:00.000Z lvl=info msg="task defined" service=standalone task="cpu high"\n');
    expect(formatLogLine(line, readLogFilter({}), true)).toBe('{"ts":"2024-05-01T10:00:00.000Z","lvl":"info","msg":"task defined","service":"standalone","task":"cpu high"}\n');
    expect(formatLogLine(line, readLogFilter({ lvl: 'error' }), false)).toBeUndefined();
    expect(formatLogLine(line, readLogFilter({ lvl: 'info+' }), false)).toBeDefined();
    expect(formatLogLine(line, readLogFilter({ lvl: 'error+' }), false)).toBeUndefined();
    expect(formatLogLine(line, readLogFilter({ task: 'cpu high' }), false)).toBeDefined();
    expect(formatLogLine(line, readLogFilter({ task: 'mem' }), false)).toBeUndefined();
    expect(() => readLogFilter({ task: ['a', 'b'] })).toThrow('query params cannot contain duplicate params');
  });
});
