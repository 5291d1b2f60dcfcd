import { Controller, Get, Header, HttpCode } from '@nestjs/common';

/**
 * The version vigil answers in `X-Kapacitor-Version`: the Kapacitor release whose API it
 * follows, with `+vigil` as semver build metadata, which version comparisons ignore.
 */
export const KAPACITOR_API_VERSION = '1.5.9+vigil';

/**
 * Kapacitor's `/kapacitor/v1/ping` (`httpd/handler.go`, `servePing`): 204 with the version in
 * `X-Kapacitor-Version`, on GET and on HEAD (Fastify answers HEAD from the GET route), as
 * clients check a connection before anything else.
 */
@Controller('kapacitor/v1')
export class KapacitorPingController {
  @Get('ping')
  @HttpCode(204)
  @Header('X-Kapacitor-Version', KAPACITOR_API_VERSION)
  ping(): void {
    return undefined;
  }
}
