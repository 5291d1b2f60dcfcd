import { type AlertEvent, decodeAlertEvent } from '@vigil/core';

/**
 * The CRITICAL payload Kapacitor 1.6.6 posted in the seed PoC (seeds/000_3f6ea547a73fdb0a.txt),
 * compacted the way Go's encoder writes it. The post handler must put these bytes plus a newline
 * on the wire.
 */
export const SEED_CRITICAL_JSON =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL",' +
  '"details":"The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.",' +
  '"time":"2023-05-21T23:51:10.038Z","duration":0,"level":"CRITICAL",' +
  '"data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},' +
  '"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]},' +
  '"previousLevel":"INFO","recoverable":false}';

/** The seed's CRITICAL event as the notifier receives it from the alerts topic. */
export function seedCriticalEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    ...decodeAlertEvent(SEED_CRITICAL_JSON),
    task: 'provider_health',
    node: 'alert2',
    topic: '',
    category: '',
    handlers: [],
    ...overrides,
  };
}
