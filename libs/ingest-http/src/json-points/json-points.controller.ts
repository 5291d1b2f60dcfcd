import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WriteRequestHandler } from '../write/write-request.handler';
import { decodeJsonPoints } from './json-points.decoder';

/** `POST /v1/points?db=&rp=`: vigil's JSON write; db defaults to `vigil`, rp to `autogen`. */
@Controller()
export class JsonPointsController {
  constructor(@Inject(WriteRequestHandler) private readonly handler: WriteRequestHandler) {}

  @Post('v1/points')
  async write(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.handler.handle('json_points', request, reply, {
      parse: (body, query) => decodeJsonPoints(body, { database: query['db'] || 'vigil', retentionPolicy: query['rp'] || 'autogen' }),
    });
  }
}
