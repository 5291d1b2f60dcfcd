import { createServer, type Server } from 'node:net';

/**
 * Starts `server` listening on 127.0.0.1 at `preferred`, or at a port the system picks when that
 * one is taken (another demo, another service); resolves with the port it got.
 */
export async function listenPreferring(server: Pick<Server, 'listen' | 'once' | 'off' | 'address'>, preferred: number): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  try {
    return await attempt(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return attempt(0);
  }
}

/** `preferred` when nothing listens there a moment ago, else a port the system called free. */
export async function portPreferring(preferred: number): Promise<number> {
  const probe = createServer();
  const port = await listenPreferring(probe, preferred);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
