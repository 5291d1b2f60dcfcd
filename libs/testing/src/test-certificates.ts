import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate authority and a server certificate it signed, as PEM files in one folder. */
export interface TestCertificates {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * Makes a throwaway CA and a server certificate for 127.0.0.1, ::1 and localhost with the
 * openssl command, for tests of HTTPS servers and of clients that verify them (curl --cacert,
 * the kapacitor CLI's -ca). `name` keeps several pairs apart in one folder (a renewed certificate).
 */
export function makeTestCertificates(dir: string, name = 'server'): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const file = (suffix: string) => join(dir, `${name}-${suffix}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const caKey = file('ca.key');
  const caFile = file('ca.pem');
  const keyFile = file('key.pem');
  const csr = file('server.csr');
  const certFile = file('cert.pem');
  const extensions = file('ext.cnf');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caFile, '-days', '2', '-subj', `/CN=vigil test CA ${name}`);
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', '/CN=localhost');
  execFileSync('bash', ['-c', `printf 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\\n' > '${extensions}'`]);
  openssl('x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', certFile, '-days', '2', '-extfile', extensions);
  return { caFile, certFile, keyFile };
}
