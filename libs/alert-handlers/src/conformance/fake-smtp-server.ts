import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The raw message: headers, a blank line, the encoded body. */
  readonly raw: string;
  /** The user that authenticated, if any. */
  readonly user?: string;
}

/** How the fake server answers RCPT TO: accept, or refuse with this reply code. */
export type SmtpAnswer = 'accept' | { readonly code: number; readonly text: string };

/**
 * A real SMTP server on 127.0.0.1 and a random port that keeps every message it receives and
 * refuses recipients as told. Plain text only (no STARTTLS), with AUTH accepted over it, so tests
 * exercise the whole SMTP exchange without certificates.
 */
export class FakeSmtpServer {
  readonly mails: ReceivedMail[] = [];
  answer: SmtpAnswer = 'accept';
  private readonly server: SMTPServer;

  private constructor(credentials?: { username: string; password: string }) {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: credentials === undefined,
      onAuth: (auth, _session, callback) => {
        if (credentials && auth.username === credentials.username && auth.password === credentials.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('authentication failed'), { responseCode: 535 }));
      },
      onRcptTo: (_address, _session, callback) => {
        const answer = this.answer;
        if (answer === 'accept') callback();
        else callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom;
          this.mails.push({
            from: from === false ? '' : from.address,
            to: session.envelope.rcptTo.map((r: SMTPServerAddress) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          callback();
        });
      },
    });
  }

  static async start(credentials?: { username: string; password: string }): Promise<FakeSmtpServer> {
    const fake = new FakeSmtpServer(credentials);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on which nothing listens: a server's port after it closed. */
export async function refusedSmtpPort(): Promise<number> {
  const fake = await FakeSmtpServer.start();
  const port = fake.port;
  await fake.close();
  return port;
}

/** Splits a raw message into its headers (names in lower case) and its decoded quoted-printable body. */
export function parseMail(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoded = raw.slice(split + 4);
  const body = headers['content-transfer-encoding'] === 'quoted-printable' ? decodeQuotedPrintable(encoded) : encoded;
  return { headers, body: body.replace(/\r\n$/, '') };
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
