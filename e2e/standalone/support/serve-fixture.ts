import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertReceiver } from './alert-receiver';
import { startServe, type ServeProcess } from './standalone-process';

/** What a standalone e2e spec works with: a scratch folder, a broker, and servers it starts. */
export interface ServeFixture {
  readonly receiver: AlertReceiver;
  /** The scratch folder of this spec file. */
  dir(): string;
  /** Writes a file into the scratch folder and returns its path. */
  file(name: string, text: string): string;
  /** `vigil serve --data <scratch>/<data> ...`, killed at the end if still running. */
  serve(args?: readonly string[], data?: string): Promise<ServeProcess>;
}

/** Registers the scratch folder, the broker and the clean-up of a spec file's servers. */
export function useServeFixture(name: string): ServeFixture {
  const receiver = new AlertReceiver();
  const started: ServeProcess[] = [];
  let dir: string | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `vigil-serve-${name}-`));
  });

  afterAll(async () => {
    for (const serve of started) serve.cleanup();
    await receiver.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const scratch = (): string => {
    if (dir === undefined) throw new Error('the scratch folder exists only inside tests');
    return dir;
  };
  return {
    receiver,
    dir: scratch,
    file: (fileName, text) => {
      const path = join(scratch(), fileName);
      writeFileSync(path, text);
      return path;
    },
    serve: async (args = [], data = 'data') => {
      const serve = await startServe(join(scratch(), data), args);
      started.push(serve);
      return serve;
    },
  };
}

