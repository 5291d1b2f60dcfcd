import { HttpException } from '@nestjs/common';
import { Readiness, Registry } from '@vigil/observability';
import { ProbesController } from './probes.controller';

describe('ProbesController', () => {
  it('answers liveness 200 while the server can recover by itself and 503 with the reason once it cannot', () => {
    const probes = new Readiness();
    const folder: { failure?: string } = {};
    probes.add({ name: 'data-folder', isReady: () => false, failure: () => folder.failure });
    const controller = new ProbesController(probes, new Registry());
    // Not ready (a full disk) is not dead.
    expect(controller.live()).toEqual({ status: 'ok' });
    expect(() => controller.ready()).toThrow(HttpException);
    folder.failure = 'writes to the data folder have failed for 600 s (/data/points)';
    let refused: HttpException | undefined;
    try {
      controller.live();
    } catch (error) {
      refused = error as HttpException;
    }
    expect(refused?.getStatus()).toBe(503);
    expect(refused?.getResponse()).toEqual({ status: 'failed', failures: { 'data-folder': 'writes to the data folder have failed for 600 s (/data/points)' } });
  });

  it('answers liveness 200 for a plain Readiness', () => {
    expect(new ProbesController(new Readiness(), new Registry()).live()).toEqual({ status: 'ok' });
  });
});
