import { decodeSideloadReloadMessage, encodeSideloadReloadMessage, sideloadReloadChannelOf } from './sideload-reload-message';

describe('sideload-reload message', () => {
  it('reads what it writes, on a channel named after the alerts topic', () => {
    expect(decodeSideloadReloadMessage(encodeSideloadReloadMessage({ id: 'r1' }))).toEqual({ id: 'r1' });
    expect(sideloadReloadChannelOf('vigil.alerts')).toBe('vigil.sideload-reload:vigil.alerts');
  });

  it('names what is wrong in a message another process sent', () => {
    expect(() => decodeSideloadReloadMessage('nope')).toThrow('sideload-reload message: not JSON');
    expect(() => decodeSideloadReloadMessage('{"id":""}')).toThrow('sideload-reload message: id must be a non-empty string of at most 200 characters, got ""');
    expect(() => decodeSideloadReloadMessage('[]')).toThrow('got undefined');
  });
});
