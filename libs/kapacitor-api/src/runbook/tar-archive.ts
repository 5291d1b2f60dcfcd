import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { pack } from 'tar-stream';

/** One regular file of an archive: its path inside the archive and its bytes. */
export interface ArchiveFile {
  readonly path: string;
  readonly bytes: Buffer;
}

const gzipped = promisify(gzip);

/**
 * A gzipped POSIX tar archive of regular files, readable by `tar -xzf`. Written with tar-stream,
 * which splits a path over 100 bytes into the ustar prefix or, past 255, adds a PAX header: a
 * task id may be 200 characters, and a topic handler's path holds its topic and its id.
 */
export async function tarGz(files: readonly ArchiveFile[], mtimeSeconds: number): Promise<Buffer> {
  const archive = pack();
  const tarBytes = buffer(archive);
  const mtime = new Date(mtimeSeconds * 1000);
  for (const file of files) {
    await new Promise<void>((resolve, reject) => {
      archive.entry({ name: file.path, size: file.bytes.length, mode: 0o644, mtime, type: 'file' }, file.bytes, (error) => (error ? reject(error) : resolve()));
    });
  }
  archive.finalize();
  return gzipped(await tarBytes);
}
