import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { type DeliveryResult, type Handler, type SendContext, delivered, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type EmailConfig, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames } from '../handler-options';
import { redactSecrets } from '../redact';
import { classifySmtpError } from './smtp-error';

export interface EmailTarget {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly noVerify: boolean;
  readonly username?: string;
  readonly password?: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly timeoutMs: number;
}

const TARGET = 'email via SMTP';

/** nodemailer (~3.6 MiB resident) is loaded with the first email rather than with every handler at start. */
let nodemailer: Promise<typeof import('nodemailer')> | undefined;
const loadNodemailer = (): Promise<typeof import('nodemailer')> => (nodemailer ??= import('nodemailer'));

/**
 * Kapacitor's `.email()`: one message per event from the configured sender, the event message as
 * subject and the rendered details as an HTML body. Kapacitor keeps one SMTP connection open until
 * `idle-timeout`; vigil opens one per email, which costs a handshake but never holds a dead socket
 * between rare alerts. Unlike Kapacitor, which logs and drops a failed email, the outcome is
 * classified so the notifier can retry: no answer or a 4xx reply may pass later, a 5xx reply will not.
 */
export class EmailHandler implements Handler {
  readonly kind = 'email';
  private readonly secrets: readonly string[];

  constructor(private readonly target: EmailTarget) {
    const { username = '', password = '' } = target;
    // AUTH PLAIN and LOGIN carry the password in base64, so a server echoing the exchange must
    // not leak it either.
    this.secrets = password === '' ? [] : [password, Buffer.from(password).toString('base64'), Buffer.from(`\0${username}\0${password}`).toString('base64')];
  }

  async send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const { target } = this;
    const { createTransport } = await loadNodemailer();
    const transport = createTransport({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: target.username !== undefined && target.username !== '' ? { user: target.username, pass: target.password ?? '' } : undefined,
      tls: { rejectUnauthorized: !target.noVerify },
      connectionTimeout: target.timeoutMs,
      greetingTimeout: target.timeoutMs,
      socketTimeout: target.timeoutMs,
    });
    const cancelled = failed(true, `${TARGET} cancelled: aborted`);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<DeliveryResult>((resolve) => {
      onAbort = () => resolve(cancelled);
      if (context.signal?.aborted) onAbort();
      else context.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const sent = transport
      .sendMail({ from: target.from, to: [...target.to], subject: event.message, html: event.details })
      .then((info: { rejected?: unknown[] }) => this.partial(info, context))
      .catch((error: unknown) => classifySmtpError(error, TARGET));
    try {
      const result = await Promise.race([sent, aborted]);
      return result.status === 'failed' ? { ...result, reason: redactSecrets(result.reason, this.secrets) } : result;
    } finally {
      if (onAbort) context.signal?.removeEventListener('abort', onAbort);
      transport.close();
    }
  }

  targetOrigin(): string | undefined {
    return `smtp://${this.target.host}:${this.target.port}`;
  }

  /**
   * Some recipients accepted and others refused: the email went out, and a retry would send it
   * again to those who already have it, so it counts as delivered and the refusals are logged.
   */
  private partial(info: { rejected?: unknown[] }, context: SendContext): DeliveryResult {
    const rejected = info.rejected?.length ?? 0;
    if (rejected > 0 && context.log) context.log({ msg: 'email recipients rejected', target: TARGET, rejected });
    return delivered;
  }
}

/** Addresses from `.email('a@x', ...)` and every `.to(...)`, in script order; the config's otherwise. */
function recipients(instruction: HandlerInstruction, settings: EmailConfig): string[] {
  const named = [...instruction.args, ...allOptions(instruction, 'to').flat()];
  for (const address of named) {
    if (typeof address !== 'string') throw new HandlerOptionError(".email() and .to() take email addresses as strings, e.g. .email('oncall@example.com')");
  }
  const list = named.length > 0 ? named.map(String) : [...(settings.to ?? [])];
  if (list.length === 0) throw new HandlerOptionError(".email() has no recipient: name one, e.g. .email('oncall@example.com'), or configure email.to");
  return list;
}

export function buildEmailHandler(instruction: HandlerInstruction, config: HandlerConfig): EmailHandler {
  checkOptionNames(instruction);
  const settings = config.email;
  if (!settings || settings.host === '') throw new HandlerOptionError('.email() needs an SMTP server: configure email.host and email.from');
  if (settings.from === '') throw new HandlerOptionError('.email() needs a sender: configure email.from');
  const port = settings.port ?? 25;
  return new EmailHandler({
    host: settings.host,
    port,
    // Go's gomail dialer, which Kapacitor uses, speaks TLS from the start on port 465 only.
    secure: settings.secure ?? port === 465,
    noVerify: settings.noVerify ?? false,
    username: settings.username,
    password: settings.password,
    from: settings.from,
    to: recipients(instruction, settings),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
