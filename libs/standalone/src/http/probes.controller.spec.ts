import { HttpException } from '@nestjs/common';
import { Readiness, Registry } from '@vigil/observability';
import { ProbesController, ServeProbes } from './probes.controller';

describe('ProbesController', () => {
  it('answers liveness 200 while the server can recover by itself and 503 with the reason once it cannot', () => {
    const probes = new ServeProbes();
    let live = true;
    probes.addLiveness(() => (live ? { live: true } : { live: false, reason: 'writes to the data folder have failed for 600 s (/data/points)' }));
    probes.add({ name: 'data-folder', isReady: () => false });
    const controller = new ProbesController(probes, new Registry());
    // Not ready (a full disk) is not dead.
    expect(controller.live()).toEqual({ status: 'ok' });
    expect(() => controller.ready()).toThrow(HttpException);
    live = false;
    let refused: HttpException | undefined;
    try {
      controller.live();
    } catch (error) {
      refused = error as HttpException;
    }
    expect(refused?.getStatus()).toBe(503);
    expect(refused?.getResponse()).toEqual({ status: 'failing', reason: 'writes to the data folder have failed for 600 s (/data/points)' });
  });

  it('answers liveness 200 for a plain Readiness', () => {
    expect(new ProbesController(new Readiness(), new Registry()).live()).toEqual({ status: 'ok' });
  });
});
