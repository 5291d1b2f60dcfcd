import { decodeSideloadReloadMessage, encodeSideloadReloadMessage, sideloadReloadChannelOf, sideloadReloadGenerationKeyOf } from './sideload-reload-message';

describe('sideload-reload message', () => {
  it('reads what it writes, on a channel named after the alerts topic', () => {
    expect(decodeSideloadReloadMessage(encodeSideloadReloadMessage({ id: 'r1' }))).toEqual({ id: 'r1' });
    expect(decodeSideloadReloadMessage(encodeSideloadReloadMessage({ id: 'r2', generation: 7 }))).toEqual({ id: 'r2', generation: 7 });
    expect(sideloadReloadChannelOf('vigil.alerts')).toBe('vigil.sideload-reload:vigil.alerts');
    expect(sideloadReloadGenerationKeyOf('vigil.alerts')).toBe('vigil.sideload-reload-generation:vigil.alerts');
  });

  it('names what is wrong in a message another process sent', () => {
    expect(() => decodeSideloadReloadMessage('nope')).toThrow('sideload-reload message: not JSON');
    expect(() => decodeSideloadReloadMessage('{"id":""}')).toThrow('sideload-reload message: id must be a non-empty string of at most 200 characters, got ""');
    expect(() => decodeSideloadReloadMessage('[]')).toThrow('got undefined');
    expect(() => decodeSideloadReloadMessage('{"id":"r1","generation":"3"}')).toThrow('sideload-reload message: generation must be a positive integer, got "3"');
    expect(() => decodeSideloadReloadMessage('{"id":"r1","generation":0}')).toThrow('got 0');
  });
});
