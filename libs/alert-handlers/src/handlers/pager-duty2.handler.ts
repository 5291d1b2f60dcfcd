import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { formatRFC3339Nano } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { checkUrl } from './post.handler';

export interface PagerDuty2Target {
  readonly url: string;
  readonly routingKey: string;
  readonly source: string;
  readonly timeoutMs: number;
}

function severity(level: Level): string {
  if (level === 'CRITICAL') return 'critical';
  if (level === 'WARNING') return 'warning';
  return 'info';
}

/**
 * Events API v2: the alert id is the dedup key, so PagerDuty folds every event of one alert into
 * one incident, and an OK event resolves it.
 */
export function pagerDuty2Body(event: AlertEvent, target: Pick<PagerDuty2Target, 'routingKey' | 'source'>): string {
  return JSON.stringify({
    routing_key: target.routingKey,
    dedup_key: event.id,
    event_action: event.level === 'OK' ? 'resolve' : 'trigger',
    payload: {
      summary: event.message,
      severity: severity(event.level),
      source: target.source,
      timestamp: formatRFC3339Nano(event.time),
      custom_details: { details: event.details, task: event.task, level: event.level, previousLevel: event.previousLevel },
    },
  });
}

export class PagerDuty2Handler implements Handler {
  readonly kind = 'pagerDuty2';

  constructor(private readonly target: PagerDuty2Target) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    return postOnce(
      {
        url: this.target.url,
        headers: { 'Content-Type': 'application/json' },
        body: pagerDuty2Body(event, this.target),
        timeoutMs: this.target.timeoutMs,
        target: 'pagerDuty2 events API',
        secrets: [this.target.routingKey],
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildPagerDuty2Handler(instruction: HandlerInstruction, config: HandlerConfig): PagerDuty2Handler {
  checkOptionNames(instruction);
  const routingKey = stringOption(instruction, 'routingKey') || config.pagerDuty2?.routingKey || '';
  if (routingKey === '') throw new HandlerOptionError('.pagerDuty2() needs a routing key: configure pagerDuty2.routingKey');
  const url = config.pagerDuty2?.url ?? 'https://events.pagerduty.com/v2/enqueue';
  checkUrl(url, 'pagerDuty2');
  return new PagerDuty2Handler({ url, routingKey, source: config.pagerDuty2?.source ?? 'vigil', timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
