import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** net-snmp's trap receiver (Debian package snmptrapd); SNMP trap tests skip without it. */
export const SNMPTRAPD = '/usr/sbin/snmptrapd';
export const HAVE_SNMPTRAPD = existsSync(SNMPTRAPD);

export interface RunningSnmptrapd {
  /** `127.0.0.1:<port>`, for snmpTrap.addr. */
  readonly addr: string;
  /** Each trap logged so far: its variables as snmptrapd prints them, `.oid = TYPE: value`. */
  traps(): string[][];
  stop(): Promise<void>;
}

/**
 * A real snmptrapd on a UDP port of 127.0.0.1 that logs every trap of `community` to a file, with
 * numeric OIDs and no MIBs loaded (`-On -m ''`), so a trap reads as its OIDs and typed values.
 */
export async function startSnmptrapd(community: string): Promise<RunningSnmptrapd> {
  // A random port another process holds is tried again elsewhere, twice.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(community);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(community: string): Promise<RunningSnmptrapd> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-snmptrapd-'));
  const port = 20_000 + Math.floor(Math.random() * 12_000);
  const log = join(folder, 'traps.log');
  writeFileSync(join(folder, 'snmptrapd.conf'), `authCommunity log ${community}\n`);
  writeFileSync(log, '');
  const receiver: ChildProcess = spawn(SNMPTRAPD, ['-f', '-n', '-On', '-m', '', '-C', '-c', join(folder, 'snmptrapd.conf'), '-Lf', log, `udp:127.0.0.1:${port}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => receiver.once('exit', () => resolve()));
  // snmptrapd writes its version line once it listens.
  for (let attempt = 0; !readFileSync(log, 'utf8').includes('NET-SNMP version'); attempt++) {
    if (attempt > 100 || receiver.exitCode !== null) {
      receiver.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`snmptrapd did not start on udp:127.0.0.1:${port}`);
    }
    await sleep(50);
  }
  return {
    addr: `127.0.0.1:${port}`,
    // A trap is one line, its variables separated by tabs after the sender's address line.
    traps: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('.1.3.6.1.2.1.1.3.0 = '))
        .map((line) => line.split('\t').map((variable) => variable.trim()).filter((variable) => variable !== '')),
    stop: async () => {
      if (receiver.exitCode === null && receiver.signalCode === null) {
        receiver.kill('SIGTERM');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
