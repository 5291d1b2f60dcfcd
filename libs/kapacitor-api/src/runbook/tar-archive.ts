import { gzipSync } from 'node:zlib';

/** One regular file of an archive: its path inside the archive and its bytes. */
export interface ArchiveFile {
  readonly path: string;
  readonly bytes: Buffer;
}

const BLOCK = 512;

/**
 * A gzipped POSIX ustar archive of regular files, readable by `tar -xzf`. Written here rather
 * than with a library because the archive is a handful of small text files with short paths (a
 * path over 100 bytes is refused) and no tar library is among vigil's dependencies; every
 * header field is the standard's, checked by the spec against the system `tar`.
 */
export function tarGz(files: readonly ArchiveFile[], mtimeSeconds: number): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    blocks.push(header(file, mtimeSeconds), file.bytes, Buffer.alloc((BLOCK - (file.bytes.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(blocks));
}

function header(file: ArchiveFile, mtimeSeconds: number): Buffer {
  const name = Buffer.from(file.path, 'utf8');
  if (name.length > 100) throw new Error(`archive path longer than 100 bytes: ${file.path}`);
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0);
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, file.bytes.length);
  octal(block, 136, 12, mtimeSeconds);
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

/** A number in octal, zero-padded, NUL-terminated, in a field of `length` bytes. */
function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${Math.floor(value).toString(8).padStart(length - 1, '0')}\u0000`, offset, 'ascii');
}
