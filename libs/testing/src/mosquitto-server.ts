import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's Mosquitto broker (package mosquitto); MQTT tests skip without it. */
export const MOSQUITTO = '/usr/sbin/mosquitto';
export const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';
export const HAVE_MOSQUITTO = existsSync(MOSQUITTO) && existsSync(MOSQUITTO_PASSWD);

export interface RunningMosquitto {
  /** `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /**
   * What the broker logged so far (its stderr): `Client X disconnected.` after a client's
   * DISCONNECT, `Client X closed its connection.` when the socket just closed.
   */
  log(): string;
  /** Freezes the broker (SIGSTOP): connections stay open and nothing is answered; `stop` then kills it. */
  pause(): void;
  stop(): Promise<void>;
}

export interface MosquittoOptions {
  /** When set, anonymous clients are refused and only this user may connect. */
  readonly user?: { readonly username: string; readonly password: string };
  /** A port to listen on (to restart a broker where it was); random in [20000, 32000) otherwise. */
  readonly port?: number;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A real Mosquitto on 127.0.0.1, with its own configuration and (optionally) password file in a
 * scratch folder. A random port another process holds is tried again elsewhere, twice.
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: MosquittoOptions): Promise<RunningMosquitto> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-mosquitto-'));
  const port = options.port ?? 20_000 + Math.floor(Math.random() * 12_000);
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr'];
  if (options.user === undefined) {
    lines.push('allow_anonymous true');
  } else {
    // Started as root, Mosquitto reads the password file after dropping to its own user.
    chmodSync(folder, 0o755);
    const passwords = join(folder, 'passwords');
    writeFileSync(passwords, '');
    const made = spawnSync(MOSQUITTO_PASSWD, ['-b', passwords, options.user.username, options.user.password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
    chmodSync(passwords, 0o644);
    lines.push('allow_anonymous false', `password_file ${passwords}`);
  }
  writeFileSync(join(folder, 'mosquitto.conf'), `${lines.join('\n')}\n`);
  const broker: ChildProcess = spawn(MOSQUITTO, ['-c', join(folder, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  broker.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  let paused = false;
  const exited = new Promise<void>((resolve) => broker.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (broker.exitCode === null && broker.signalCode === null) {
      // A frozen broker would only handle SIGTERM once continued, answering what it holds first.
      broker.kill(paused ? 'SIGKILL' : 'SIGTERM');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  for (let attempt = 0; !(await portOpen(port)); attempt++) {
    if (attempt > 100 || broker.exitCode !== null) {
      await stop();
      throw new Error(`mosquitto did not listen on 127.0.0.1:${port}`);
    }
    await sleep(50);
  }
  const pause = (): void => {
    paused = true;
    broker.kill('SIGSTOP');
  };
  return { url: `mqtt://127.0.0.1:${port}`, port, log: () => log, pause, stop };
}
