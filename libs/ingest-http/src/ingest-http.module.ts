import { Module, type DynamicModule } from '@nestjs/common';
import { InfluxHandshakeController } from './handshake/influx-handshake.controller';
import { INGEST_HTTP_OPTIONS, type IngestHttpOptions } from './ingest-http.options';
import { JsonPointsController } from './json-points/json-points.controller';
import { RemoteWriteController } from './remote-write/remote-write.controller';
import { InfluxWriteController } from './write/influx-write.controller';
import { IngestMetrics } from './write/ingest-metrics';
import { WriteRequestHandler } from './write/write-request.handler';

/**
 * The write endpoints (`/write`, `/api/v2/write`, `/kapacitor/v1/write`, `/api/v1/write`,
 * `/v1/points`) and the InfluxDB 1.x writers' handshake (`/ping`, `/query`) as one Nest module,
 * so ingest (Kafka sink) and the standalone server (point log sink) answer writes identically. The app must also parse bodies as raw bytes: build its Fastify
 * adapter with createIngestHttpAdapter and create the app with `bodyParser: false`.
 */
@Module({})
export class IngestHttpModule {
  static register(options: IngestHttpOptions): DynamicModule {
    return {
      module: IngestHttpModule,
      controllers: [InfluxWriteController, RemoteWriteController, JsonPointsController, InfluxHandshakeController],
      providers: [
        { provide: INGEST_HTTP_OPTIONS, useValue: options },
        // Made when Nest starts rather than in register, so registering twice never puts the same series in a registry twice.
        { provide: IngestMetrics, useFactory: () => new IngestMetrics(options.metrics) },
        WriteRequestHandler,
      ],
    };
  }
}
