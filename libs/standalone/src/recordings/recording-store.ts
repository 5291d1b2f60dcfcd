import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareGoStrings } from '@vigil/go-format';
import type { KapacitorReplay } from '@vigil/kapacitor-api';
import { removeFile, replaceFile } from '../storage/files/durable-files';

/** Kapacitor's recording and replay statuses (`client/v1`, `Status`). */
export type RunStatus = 'running' | 'finished' | 'failed';

/** Kapacitor's recording (`client.Recording`), as vigil keeps it beside the recorded points. */
export interface RecordingInfo {
  readonly id: string;
  readonly type: 'stream' | 'batch';
  /** Bytes of the recorded data. */
  readonly size: number;
  /** When the recording started, RFC 3339. */
  readonly date: string;
  readonly error: string;
  readonly status: RunStatus;
  readonly progress: number;
}

/** Kapacitor's replay (`client.Replay`), as both modes show it. */
export type ReplayInfo = KapacitorReplay;

/** The characters Kapacitor allows in recording and replay ids (`replay/service.go`, `validID`). */
export const RUN_ID = /^[-._\p{L}0-9]+$/u;

/**
 * Recordings and replays in the data folder: `recordings/<id>.srpl` (the recorded points, gzipped
 * JSON points, one a line) or `recordings/<id>.brpl` (recorded batches, gzipped JSON, one a
 * line) with `recordings/<id>.json`, and `replays/<id>.json`. Each JSON file
 * is replaced atomically. One still `running` when the server starts was cut off by a stop or a
 * crash and is marked failed, as Kapacitor's `markFailedRecordings` and `markFailedReplays` do.
 */
export class RecordingStore {
  private readonly recordings = new Map<string, RecordingInfo>();
  private readonly replays = new Map<string, ReplayInfo>();

  private constructor(readonly root: string) {}

  static async open(root: string): Promise<RecordingStore> {
    const store = new RecordingStore(root);
    await mkdir(join(root, 'recordings'), { recursive: true });
    await mkdir(join(root, 'replays'), { recursive: true });
    for (const recording of await readInfos<RecordingInfo>(join(root, 'recordings'))) {
      store.recordings.set(recording.id, recording);
      if (recording.status === 'running') await store.putRecording({ ...recording, status: 'failed', error: 'unexpected vigil serve shutdown' });
    }
    for (const replay of await readInfos<ReplayInfo>(join(root, 'replays'))) {
      store.replays.set(replay.id, replay);
      if (replay.status === 'running') await store.putReplay({ ...replay, status: 'failed', error: 'unexpected vigil serve shutdown' });
    }
    return store;
  }

  /** Where a recording's data is: `<id>.srpl` for points, `<id>.brpl` for batches (Kapacitor's extensions). */
  dataPath(id: string, type: RecordingInfo['type'] = this.recordings.get(id)?.type ?? 'stream'): string {
    return join(this.root, 'recordings', `${id}${type === 'batch' ? '.brpl' : '.srpl'}`);
  }

  recordingList(): RecordingInfo[] {
    return [...this.recordings.values()].sort((a, b) => compareGoStrings(a.id, b.id));
  }

  recording(id: string): RecordingInfo | undefined {
    return this.recordings.get(id);
  }

  async putRecording(recording: RecordingInfo): Promise<void> {
    await replaceFile(join(this.root, 'recordings', `${recording.id}.json`), `${JSON.stringify(recording)}\n`);
    this.recordings.set(recording.id, recording);
  }

  /** The size of a recording's data file, 0 when it has none. */
  async dataSize(id: string): Promise<number> {
    try {
      return (await stat(this.dataPath(id))).size;
    } catch {
      return 0;
    }
  }

  async deleteRecording(id: string): Promise<void> {
    await removeFile(this.dataPath(id));
    await removeFile(join(this.root, 'recordings', `${id}.json`));
    this.recordings.delete(id);
  }

  replayList(): ReplayInfo[] {
    return [...this.replays.values()].sort((a, b) => compareGoStrings(a.id, b.id));
  }

  replay(id: string): ReplayInfo | undefined {
    return this.replays.get(id);
  }

  async putReplay(replay: ReplayInfo): Promise<void> {
    await replaceFile(join(this.root, 'replays', `${replay.id}.json`), `${JSON.stringify(replay)}\n`);
    this.replays.set(replay.id, replay);
  }

  async deleteReplay(id: string): Promise<void> {
    await removeFile(join(this.root, 'replays', `${id}.json`));
    this.replays.delete(id);
  }
}

async function readInfos<T>(folder: string): Promise<T[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as T));
}
