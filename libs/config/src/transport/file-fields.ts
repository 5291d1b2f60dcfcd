import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Secret } from './secret';

/**
 * Fields whose value is a secret or names a file, read once at boot. Reasons name the file and the
 * problem, never its contents: a key file or a password file holds a secret.
 */

/** A secret given inline (`KAFKA_SASL_PASSWORD`); absent means not given. */
export function secretVar() {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === undefined ? undefined : new Secret(raw)));
}

/**
 * A secret read from the file the variable names (`KAFKA_SASL_PASSWORD_FILE`), as Kubernetes
 * mounts a Secret's key. One trailing newline is dropped, since `echo secret > file` adds it and
 * no password ends with one.
 */
export function secretFileVar() {
  return fileVar((path, text) => {
    const value = text.replace(/\r?\n$/, '');
    return value === '' ? { problem: `${path} is empty` } : { value: new Secret(value) };
  });
}

/** The PEM text of one or more certificates (a CA bundle or a client certificate chain). */
export interface CertificateFile {
  readonly path: string;
  readonly pem: string;
}

/** A file of PEM certificates; a file without one (a key given by mistake, DER) is refused. */
export function certificateFileVar() {
  return fileVar((path, pem): FileReading<CertificateFile> =>
    pem.includes('-----BEGIN CERTIFICATE-----') ? { value: { path, pem } } : { problem: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` },
  );
}

/** A PEM private key file (PKCS#8, PKCS#1 or SEC1, encrypted or not), kept as a Secret. */
export function privateKeyFileVar() {
  return fileVar((path, pem) =>
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) ? { value: new Secret(pem) } : { problem: `${path} holds no PEM private key (-----BEGIN ... PRIVATE KEY-----)` },
  );
}

/** What a file's text made: a value, or a problem that names the file but never quotes its text. */
type FileReading<T> = { readonly value: T } | { readonly problem: string };

/** A variable naming a file, read at parse time and made into a value by `parse`; absent means not given. */
function fileVar<T>(parse: (path: string, text: string) => FileReading<T>) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T | undefined => {
      if (raw === undefined) return undefined;
      const path = raw.trim();
      const reading = readText(path);
      const outcome = 'problem' in reading ? reading : parse(path, reading.value);
      if ('problem' in outcome) {
        ctx.addIssue({ code: 'custom', message: outcome.problem });
        return z.NEVER;
      }
      return outcome.value;
    });
}

function readText(path: string): FileReading<string> {
  try {
    return { value: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot read ${path}${code === undefined ? '' : ` (${code})`}` };
  }
}
