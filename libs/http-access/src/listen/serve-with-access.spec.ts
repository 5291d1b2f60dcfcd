import { createLogger } from '@vigil/observability';
import { accessFromSettings } from '../server-access';
import { serveWithAccess, type ServingApp } from './serve-with-access';

const access = accessFromSettings({ server: 'test', host: '127.0.0.1', insecure: false, metricsRequireCredentials: false, howToConfigure: { credentials: 'AUTH_FILE', insecure: 'INSECURE=true' } });
const logger = createLogger({ service: 'serve-with-access-spec', level: 'silent' });

/** An app that records what is done to it, in order; `failListen` makes its listen reject. */
function appRecording(steps: string[], failListen = false): ServingApp {
  return {
    listen: async ({ host, port }) => {
      steps.push(`listen ${host}:${port}`);
      if (failListen) throw new Error('EADDRINUSE');
    },
    getHttpServer: () => ({}),
    close: async () => void steps.push('close'),
  };
}

describe('serveWithAccess', () => {
  const where = { access, host: '127.0.0.1', port: 8080, logger, reloadIntervalMs: 60_000 };

  it('listens, then starts the service, and resolves with what closes the app', async () => {
    const steps: string[] = [];
    const close = await serveWithAccess(appRecording(steps), { ...where, start: async () => void steps.push('start') });
    expect(steps).toEqual(['listen 127.0.0.1:8080', 'start']);
    await close();
    expect(steps).toEqual(['listen 127.0.0.1:8080', 'start', 'close']);
  });

  it('closes the app and throws the error when the service fails to start', async () => {
    const steps: string[] = [];
    const failing = serveWithAccess(appRecording(steps), { ...where, start: () => Promise.reject(new Error('no brokers at 127.0.0.1:9092')) });
    await expect(failing).rejects.toThrow('no brokers at 127.0.0.1:9092');
    expect(steps).toEqual(['listen 127.0.0.1:8080', 'close']);
  });

  it('closes the app without starting the service when it cannot listen', async () => {
    const steps: string[] = [];
    await expect(serveWithAccess(appRecording(steps, true), { ...where, start: async () => void steps.push('start') })).rejects.toThrow('EADDRINUSE');
    expect(steps).toEqual(['listen 127.0.0.1:8080', 'close']);
  });
});
