import type { HandlerInstruction } from '@vigil/core';
import { createReceiver } from 'net-snmp';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';

const snmpTrap = (trapOid: string, data: readonly (readonly [string, string, string])[]): HandlerInstruction => ({ kind: 'snmpTrap', args: [trapOid], options: data.map((entry) => ({ name: 'data', args: [...entry] })) });

interface ReceivedTrap {
  readonly community: string;
  readonly varbinds: readonly { oid: string; type: number; value: unknown }[];
}

/** net-snmp's own trap receiver on a UDP port: decodes what the handler put on the wire. */
async function startReceiver(): Promise<{ port: number; traps: ReceivedTrap[]; close(): Promise<void> }> {
  const traps: ReceivedTrap[] = [];
  const port = 20_000 + Math.floor(Math.random() * 12_000);
  const receiver = createReceiver({ port, disableAuthorization: true, includeAuthentication: true }, (error: Error | null, notification: { pdu: ReceivedTrap & { varbinds: ReceivedTrap['varbinds'] } } | undefined) => {
    if (error === null && notification !== undefined) traps.push({ community: notification.pdu.community, varbinds: notification.pdu.varbinds.map(({ oid, type, value }) => ({ oid, type, value })) });
  });
  // The listener binds asynchronously; a short wait keeps the first datagram from arriving before it.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { port, traps, close: () => new Promise<void>((resolve) => receiver.close(() => resolve())) };
}

async function waitForTraps(traps: readonly ReceivedTrap[], count: number): Promise<void> {
  for (let tries = 0; traps.length < count && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('snmpTrap handler', () => {
  it("sends one v2c trap with sysUpTime 1000, the trap OID and each rendered .data() value, as Kapacitor's snmptrap service does", async () => {
    const receiver = await startReceiver();
    try {
      const handler = buildHandler(
        snmpTrap('1.3.6.1.4.1.1', [
          ['1.3.6.1.4.1.1.5', 's', '{{ .Level }}'],
          ['1.3.6.1.4.1.1.6', 'i', '50'],
          ['1.3.6.1.4.1.1.7', 'c', '{{ index .Fields "latencia" }}'],
          ['1.3.6.1.4.1.1.8', 's', '{{ .Message }}'],
          ['1.3.6.1.4.1.1.9', 'n', ''],
          ['1.3.6.1.4.1.1.10', 't', '20000'],
          ['1.3.6.1.4.1.1.11', 'a', '10.0.0.1'],
          ['1.3.6.1.4.1.1.12', 'u', '7'],
        ]),
        { snmpTrap: { addr: `127.0.0.1:${receiver.port}`, community: 'vigil-community' } },
      );
      expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({ status: 'delivered' });
      await waitForTraps(receiver.traps, 1);
      expect(receiver.traps).toHaveLength(1);
      expect(receiver.traps[0]?.community).toBe('vigil-community');
      expect(receiver.traps[0]?.varbinds.map(({ oid, type, value }) => [oid, type, Buffer.isBuffer(value) ? value.toString('hex') : value])).toEqual([
        ['1.3.6.1.2.1.1.3.0', 67, 1000],
        ['1.3.6.1.6.3.1.1.4.1.0', 6, '1.3.6.1.4.1.1'],
        ['1.3.6.1.4.1.1.5', 4, Buffer.from('CRITICAL').toString('hex')],
        ['1.3.6.1.4.1.1.6', 2, 50],
        ['1.3.6.1.4.1.1.7', 70, '00fb'],
        ['1.3.6.1.4.1.1.8', 4, Buffer.from('status_provedor_p1pa is CRITICAL').toString('hex')],
        ['1.3.6.1.4.1.1.9', 5, null],
        ['1.3.6.1.4.1.1.10', 67, 20000],
        ['1.3.6.1.4.1.1.11', 64, '10.0.0.1'],
        ['1.3.6.1.4.1.1.12', 66, 7],
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('fails without retry, sending nothing, when a value does not fit its type or its template fails', async () => {
    const receiver = await startReceiver();
    try {
      const config = { snmpTrap: { addr: `127.0.0.1:${receiver.port}`, community: 'vigil-community' } };
      const notWhole = await buildHandler(snmpTrap('1.3.6.1.4.1.1', [['1.3.6.1.4.1.1.7', 'i', '{{ .Message }}']]), config).send(seedCriticalEvent(), { attempt: 1 });
      expect(notWhole).toEqual({ status: 'failed', retryable: false, reason: 'snmpTrap: an Integer32 for 1.3.6.1.4.1.1.7 must be a whole number, got "status_provedor_p1pa is CRITICAL"' });
      const failing = await buildHandler(snmpTrap('1.3.6.1.4.1.1', [['1.3.6.1.4.1.1.7', 's', '{{ .Missing.Field }}']]), config).send(seedCriticalEvent(), { attempt: 1 });
      expect(failing).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('data template failed') });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.traps).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('refuses at build a missing receiver, a bad address, a bad trap OID and an unknown type', () => {
    const config = { snmpTrap: { addr: '127.0.0.1:162' } };
    expect(() => buildHandler(snmpTrap('1.3.6.1.4.1.1', []), {})).toThrow(/snmpTrap\.addr/);
    expect(() => buildHandler(snmpTrap('1.3.6.1.4.1.1', []), { snmpTrap: { addr: 'nowhere' } })).toThrow(/'host:port'/);
    expect(() => buildHandler(snmpTrap('', []), config)).toThrow(/trap OID/);
    expect(() => buildHandler(snmpTrap('1.3.6.x', []), config)).toThrow(/trap OID/);
    expect(() => buildHandler(snmpTrap('1.3.6.1', [['1.3.6.1.1', 'x', 'ff']]), config)).toThrow(/unsupported data type "x"/);
    expect(() => buildHandler(snmpTrap('1.3.6.1', [['1.3.6.1.1', 's', '{{ .ID ']]), config)).toThrow(/does not parse/);
  });
});
