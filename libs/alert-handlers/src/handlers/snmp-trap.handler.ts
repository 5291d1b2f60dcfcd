import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { type GoTemplate, TemplateError, parseTemplate } from '@vigil/go-format';
import type { Varbind } from 'net-snmp';
import { type DeliveryResult, type Handler, type SendContext, delivered, failed } from '../handler';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, stringArg } from '../handler-options';
import { redactSecrets } from '../redact';
import { networkErrorCode } from '../retry-policy';
import { alertaTemplateData } from './alerta-template-data';
import { portNumber, splitHostPort } from './host-port';
import { SnmpValueError, type SnmpVariable, snmpVariable } from './snmp-trap-varbinds';

interface TrapData {
  readonly oid: string;
  readonly type: string;
  readonly value: GoTemplate;
}

export interface SnmpTrapTarget {
  readonly host: string;
  readonly port: number;
  readonly community: string;
  readonly trapOid: string;
  readonly data: readonly TrapData[];
}

/**
 * The sysUpTime every trap carries. Kapacitor sends 1000 (10 s) on every trap rather than its
 * uptime, and so does vigil: the value stays the same on every notifier and every retry.
 */
export const TRAP_UP_TIME = 1000;

/** net-snmp is loaded with the first trap rather than with every handler at start. */
let netSnmp: Promise<typeof import('net-snmp')> | undefined;
const loadNetSnmp = (): Promise<typeof import('net-snmp')> => (netSnmp ??= import('net-snmp'));

/**
 * The variables of one event's trap, after sysUpTime and snmpTrapOID: each `.data()` value
 * rendered over the alert data and converted to its type. Throws TemplateError or SnmpValueError.
 */
export function trapVariables(event: AlertEvent, data: readonly TrapData[]): SnmpVariable[] {
  const templateData = alertaTemplateData(event);
  return data.map((entry) => snmpVariable(entry.oid, entry.type, entry.value.execute(templateData)));
}

/**
 * Kapacitor's `.snmpTrap(oid)`: one SNMP v2c trap per event to snmpTrap.addr over UDP. A trap has
 * no answer, so the event is delivered once the datagram is sent: a receiver that is down loses
 * it, as with Kapacitor. A value that does not fit its type fails without retry, naming the OID.
 */
export class SnmpTrapHandler implements Handler {
  readonly kind = 'snmpTrap';

  constructor(private readonly target: SnmpTrapTarget) {}

  async send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    let variables: SnmpVariable[];
    try {
      variables = trapVariables(event, this.target.data);
    } catch (error) {
      if (error instanceof TemplateError) return failed(false, `snmpTrap: data template failed: ${error.message}`);
      if (error instanceof SnmpValueError) return failed(false, `snmpTrap: ${error.message}`);
      throw error;
    }
    if (context.signal?.aborted) return failed(true, 'snmpTrap send aborted');
    const snmp = await loadNetSnmp();
    const { host, port, community, trapOid } = this.target;
    return new Promise((resolve) => {
      const session = snmp.createSession(host, community, { version: snmp.Version2c, trapPort: port, transport: host.includes(':') ? 'udp6' : 'udp4' });
      let settled = false;
      const finish = (result: DeliveryResult): void => {
        if (settled) return;
        settled = true;
        session.close();
        resolve(result.status === 'failed' ? { ...result, reason: redactSecrets(result.reason, [community]) } : result);
      };
      session.on('error', (error: Error) => finish(failed(true, `SNMP trap receiver unreachable: ${networkErrorCode(error)}`)));
      try {
        session.trap(trapOid, variables as Varbind[], { upTime: TRAP_UP_TIME }, (error) => {
          finish(error === null ? delivered : failed(true, `SNMP trap not sent: ${networkErrorCode(error)}`));
        });
      } catch (error) {
        // net-snmp refuses a variable it cannot encode while building the message.
        finish(failed(false, `snmpTrap: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  targetOrigin(): string | undefined {
    return `snmp://${this.target.host.includes(':') ? `[${this.target.host}]` : this.target.host}:${this.target.port}`;
  }
}

function dataOf(instruction: HandlerInstruction): TrapData[] {
  return allOptions(instruction, 'data').map(([oid, type, value]) => {
    if (typeof oid !== 'string' || typeof type !== 'string' || typeof value !== 'string') throw new HandlerOptionError(".snmpTrap().data() takes three strings: .data('1.3.6.1.4.1.1.5', 's', '{{ .Message }}')");
    // The type is checked now, with a placeholder value, so a bad one fails at build rather than per event.
    if (!['c', 'i', 'n', 's', 't', 'a', 'd', 'u'].includes(type)) throw new HandlerOptionError(`unsupported data type ${JSON.stringify(type)} for data entry ${JSON.stringify(oid)}: use c, i, n, s, t, a, d or u`);
    try {
      return { oid: oid.replace(/^\./, ''), type, value: parseTemplate(value, { name: 'data', html: false }) };
    } catch (error) {
      if (error instanceof TemplateError) throw new HandlerOptionError(`.snmpTrap().data() value for ${oid} does not parse: ${error.message}`);
      throw error;
    }
  });
}

export function buildSnmpTrapHandler(instruction: HandlerInstruction, config: HandlerConfig): SnmpTrapHandler {
  checkOptionNames(instruction);
  const settings = config.snmpTrap;
  if (!settings) throw new HandlerOptionError('.snmpTrap() needs a trap receiver: configure snmpTrap.addr (host:port)');
  const parts = splitHostPort(settings.addr);
  const port = parts && portNumber(parts.port);
  if (parts === undefined || port === undefined) throw new HandlerOptionError("snmpTrap.addr must be 'host:port', e.g. 'snmptrapd:162'");
  const trapOid = stringArg(instruction, 0, 'its trap OID') ?? '';
  if (!/^\.?\d+(\.\d+)+$/.test(trapOid)) throw new HandlerOptionError(`.snmpTrap() needs a trap OID of numbers separated by dots, e.g. .snmpTrap('1.3.6.1.4.1.1'), got ${JSON.stringify(trapOid)}`);
  return new SnmpTrapHandler({ host: parts.host, port, community: settings.community ?? 'kapacitor', trapOid: trapOid.replace(/^\./, ''), data: dataOf(instruction) });
}
