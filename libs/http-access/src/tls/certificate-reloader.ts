import type { SecureContextOptions } from 'node:tls';
import type { Logger } from '@vigil/observability';
import { readCertificatePair, type CertificateFiles, type CertificatePair } from './server-certificate';

/** The part of an https server the reloader uses (node:https's Server has it). */
export interface SecureServer {
  setSecureContext(options: SecureContextOptions): void;
}

/**
 * Reads the certificate and key again every interval and gives the server the new pair when the
 * files changed, so a renewed certificate (cert-manager rewrites the Secret's files in place) is
 * used without a restart; connections already open keep theirs. Polling rather than fs.watch:
 * Kubernetes swaps a mounted Secret by renaming a symlinked folder, which inotify on the file
 * does not see. A pair that fails to load is logged and the server keeps the one it has.
 */
export class CertificateReloader {
  private timer: NodeJS.Timeout | undefined;
  private current: CertificatePair;
  private failing = false;

  constructor(
    private readonly files: CertificateFiles,
    private readonly server: SecureServer,
    private readonly logger: Logger,
    initial: CertificatePair,
  ) {
    this.current = initial;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look at the files; public so that a test need not wait for the interval. */
  check(): boolean {
    let next: CertificatePair;
    try {
      next = readCertificatePair(this.files);
    } catch (error) {
      if (!this.failing) this.logger.error({ err: (error as Error).message }, 'TLS certificate could not be read again; keeping the one in use');
      this.failing = true;
      return false;
    }
    if (next.cert.equals(this.current.cert) && next.key.equals(this.current.key)) return false;
    try {
      this.server.setSecureContext({ cert: next.cert, key: next.key });
    } catch (error) {
      if (!this.failing) this.logger.error({ err: (error as Error).message }, 'TLS certificate and key do not make a usable pair; keeping the one in use');
      this.failing = true;
      return false;
    }
    this.current = next;
    this.failing = false;
    this.logger.info({ certFile: this.files.certFile }, 'TLS certificate reloaded');
    return true;
  }
}
