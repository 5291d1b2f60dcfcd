import { readFileSync } from 'node:fs';

/** Where a server's certificate chain and private key are, as PEM files. */
export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface CertificatePair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A certificate or key that cannot be read; names the file, never its content. */
export class CertificateFileError extends Error {
  override readonly name = 'CertificateFileError';
}

export function readCertificatePair(files: CertificateFiles): CertificatePair {
  return { cert: readPem(files.certFile, 'certificate'), key: readPem(files.keyFile, 'private key') };
}

function readPem(path: string, what: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CertificateFileError(`TLS ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!bytes.includes('-----BEGIN ')) throw new CertificateFileError(`TLS ${what} ${path}: not a PEM file`);
  return bytes;
}
