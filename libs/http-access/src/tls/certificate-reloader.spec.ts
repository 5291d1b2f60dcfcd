import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureContextOptions } from 'node:tls';
import pino from 'pino';
import { makeTestCertificates } from '@vigil/testing';
import { CertificateReloader } from './certificate-reloader';
import { readCertificatePair, CertificateFileError } from './server-certificate';

describe('CertificateReloader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-reload-'));
  const first = makeTestCertificates(dir, 'first');
  const second = makeTestCertificates(dir, 'second');
  const live = { certFile: join(dir, 'live-cert.pem'), keyFile: join(dir, 'live-key.pem') };

  it('gives the server the new pair when the files change, and nothing when they do not', () => {
    copyFileSync(first.certFile, live.certFile);
    copyFileSync(first.keyFile, live.keyFile);
    const given: SecureContextOptions[] = [];
    const reloader = new CertificateReloader(live, { setSecureContext: (options) => given.push(options) }, pino({ level: 'silent' }), readCertificatePair(live));
    expect(reloader.check()).toBe(false);
    copyFileSync(second.certFile, live.certFile);
    copyFileSync(second.keyFile, live.keyFile);
    expect(reloader.check()).toBe(true);
    expect(given.map((options) => options.cert?.toString())).toEqual([readCertificatePair(second).cert.toString()]);
    expect(reloader.check()).toBe(false);
  });

  it('keeps the pair in use when the new files cannot be read or do not make a pair', () => {
    copyFileSync(first.certFile, live.certFile);
    copyFileSync(first.keyFile, live.keyFile);
    let calls = 0;
    const server = {
      setSecureContext: () => {
        calls++;
        throw new Error('key values mismatch');
      },
    };
    const reloader = new CertificateReloader(live, server, pino({ level: 'silent' }), readCertificatePair(live));
    writeFileSync(live.keyFile, 'not a key');
    expect(reloader.check()).toBe(false);
    copyFileSync(second.keyFile, live.keyFile);
    expect(reloader.check()).toBe(false);
    expect(calls).toBe(1);
  });

  it('names the file that is missing or not PEM', () => {
    expect(() => readCertificatePair({ certFile: join(dir, 'none.pem'), keyFile: first.keyFile })).toThrow(new CertificateFileError(`TLS certificate ${join(dir, 'none.pem')}: ENOENT`));
    writeFileSync(join(dir, 'junk.pem'), 'junk');
    expect(() => readCertificatePair({ certFile: first.certFile, keyFile: join(dir, 'junk.pem') })).toThrow(/TLS private key .*junk\.pem: not a PEM file/);
  });
});
