import { decodeLogLevelMessage, encodeLogLevelMessage, logLevelChannelOf, logLevelOf } from './log-level-message';

describe('log-level message', () => {
  it('reads what it writes, and takes the level names Kapacitor takes in any case', () => {
    expect(decodeLogLevelMessage(encodeLogLevelMessage({ level: 'debug' }))).toEqual({ level: 'debug' });
    expect(logLevelOf('ERROR')).toBe('error');
    expect(logLevelOf('Info')).toBe('info');
    expect(logLevelOf('warn')).toBeUndefined();
    expect(logLevelChannelOf('vigil.alerts')).toBe('vigil.log-level:vigil.alerts');
  });

  it('names what is wrong in a message another process sent', () => {
    expect(() => decodeLogLevelMessage('nope')).toThrow('log-level message: not JSON');
    expect(() => decodeLogLevelMessage('{"level":"trace"}')).toThrow('log-level message: level must be one of debug, info, error, got "trace"');
    expect(() => decodeLogLevelMessage('["debug"]')).toThrow('level must be one of');
  });
});
