import { createServer } from 'node:net';

/**
 * A TCP port of 127.0.0.1 that was free a moment ago, in 20000..31999: below Linux's ephemeral
 * range (32768 and up), so no outgoing connection takes it while a server a test stopped is down,
 * and the server can listen on it again when the test restarts it.
 */
export async function restartablePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portFree(port)) return port;
  }
  throw new Error('no free port in 20000..31999');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
