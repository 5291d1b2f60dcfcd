import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INGEST_HTTP_OPTIONS, type IngestHttpOptions } from '../ingest-http.options';
import { WriteRequestHandler } from '../write/write-request.handler';
import { decodeRemoteWrite } from './remote-write.decoder';

/**
 * Prometheus remote_write 1.0, so a Prometheus server can `remote_write` to vigil. The database
 * and retention policy come from `?db=`/`?rp=`, else from the module's remoteWrite option
 * (ingest sets it from REMOTE_WRITE_DB/REMOTE_WRITE_RP).
 */
@Controller()
export class RemoteWriteController {
  constructor(
    @Inject(INGEST_HTTP_OPTIONS) private readonly options: IngestHttpOptions,
    @Inject(WriteRequestHandler) private readonly handler: WriteRequestHandler,
  ) {}

  @Post('api/v1/write')
  async write(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.handler.handle('remote_write', request, reply, {
      passThroughEncodings: ['snappy'],
      parse: (body, query) =>
        decodeRemoteWrite(
          body,
          { database: query['db'] || this.options.remoteWrite.database, retentionPolicy: query['rp'] || this.options.remoteWrite.retentionPolicy },
          this.options.maxBodyBytes,
        ),
    });
  }
}
