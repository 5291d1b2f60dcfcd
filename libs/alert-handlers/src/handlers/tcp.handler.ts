import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import { connect } from 'node:net';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { delivered, failed } from '../handler';
import { HandlerOptionError, checkOptionNames, stringArg } from '../handler-options';
import { networkErrorCode } from '../retry-policy';
import { checkTcpAllowed } from '../allowlist/tcp-allowlist';
import type { HandlerConfig } from '../handler-config';
import { portNumber, splitHostPort } from './host-port';

/**
 * Kapacitor's `.tcp('host:port')`: a new connection per event carrying the alert JSON, the
 * encoder's newline and one more (`}\n\n`), then closed. Every failure is a network failure and
 * therefore retryable.
 */
export class TcpHandler implements Handler {
  readonly kind = 'tcp';

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const payload = (context.alertJson ?? encodeAlertEvent(event)) + '\n\n';
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: DeliveryResult): void => {
        if (settled) return;
        settled = true;
        context.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const socket = connect({ host: this.host, port: this.port });
      const onAbort = (): void => {
        socket.destroy();
        finish(failed(true, 'tcp send aborted'));
      };
      context.signal?.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(this.timeoutMs, () => {
        socket.destroy();
        finish(failed(true, 'tcp receiver unreachable: timeout'));
      });
      socket.once('error', (error) => finish(failed(true, `tcp receiver unreachable: ${networkErrorCode(error)}`)));
      socket.once('connect', () => socket.end(payload, () => finish(delivered)));
    });
  }

  targetOrigin(): string | undefined {
    return `tcp://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }
}

export function parseHostPort(address: string): { host: string; port: number } {
  const parts = splitHostPort(address);
  const port = parts && portNumber(parts.port);
  if (parts === undefined || port === undefined) {
    throw new HandlerOptionError(".tcp() needs an address 'host:port', e.g. .tcp('127.0.0.1:9000')");
  }
  return { host: parts.host, port };
}

/** Where a `.tcp()` instruction connects to; throws HandlerOptionError for a bad address. */
export function tcpAddressOf(instruction: HandlerInstruction): { host: string; port: number } {
  checkOptionNames(instruction);
  const address = stringArg(instruction, 0, 'the address');
  if (address === undefined) throw new HandlerOptionError(".tcp() needs an address 'host:port'");
  return parseHostPort(address);
}

/** Refuses an address that tcp.allow does not list. */
export function checkTcpInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  const { host, port } = tcpAddressOf(instruction);
  checkTcpAllowed(host, port, config.tcp);
}

export function buildTcpHandler(instruction: HandlerInstruction, config: HandlerConfig, timeoutMs: number): TcpHandler {
  const { host, port } = tcpAddressOf(instruction);
  checkTcpAllowed(host, port, config.tcp);
  return new TcpHandler(host, port, timeoutMs);
}
