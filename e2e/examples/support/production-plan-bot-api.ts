import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One sendMessage call as the fake Bot API received it. */
export interface BotApiCall {
  readonly path: string;
  readonly body: { readonly chat_id?: string; readonly text?: string };
}

/**
 * A Telegram Bot API on 127.0.0.1 and a random port: it keeps every call in arrival order and
 * answers as the real API answers a sent message (`{"ok":true,...}`).
 */
export class FakeBotApi {
  readonly calls: BotApiCall[] = [];
  private server: Server | undefined;

  /** Starts the server and returns the base URL the telegram handler's `url` takes. */
  async start(): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.calls.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as BotApiCall['body'] });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"result":{"message_id":1}}');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
