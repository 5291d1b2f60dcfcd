import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INGEST_CONFIG } from '../app.tokens';
import type { IngestConfig } from '../config';
import { WriteRequestHandler } from '../write/write-request.handler';
import { decodeRemoteWrite } from './remote-write.decoder';

/**
 * Prometheus remote_write 1.0, so a Prometheus server can `remote_write` to vigil. The database
 * and retention policy come from `?db=`/`?rp=` or REMOTE_WRITE_DB/REMOTE_WRITE_RP.
 */
@Controller()
export class RemoteWriteController {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly handler: WriteRequestHandler,
  ) {}

  @Post('api/v1/write')
  async write(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.handler.handle('remote_write', request, reply, {
      passThroughEncodings: ['snappy'],
      parse: (body, query) =>
        decodeRemoteWrite(
          body,
          { database: query['db'] || this.config.REMOTE_WRITE_DB, retentionPolicy: query['rp'] || this.config.REMOTE_WRITE_RP },
          this.config.MAX_BODY_BYTES,
        ),
    });
  }
}
