import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { type GoTemplate, TemplateError, formatRFC3339Nano, parseTemplate } from '@vigil/go-format';
import { type DeliveryResult, type Handler, type SendContext, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { alertaTemplateData } from './alerta-template-data';
import { checkUrl } from './post.handler';

/** One `.link(href, text)` of the script, both Go templates over the alert data. */
export interface PagerDuty2Link {
  readonly href: GoTemplate;
  /** Absent when the script gave no text (or ''): the rendered href is the text, as in Kapacitor. */
  readonly text?: GoTemplate;
}

export interface PagerDuty2Target {
  readonly url: string;
  readonly routingKey: string;
  readonly source: string;
  readonly timeoutMs: number;
  readonly links: readonly PagerDuty2Link[];
}

function severity(level: Level): string {
  if (level === 'CRITICAL') return 'critical';
  if (level === 'WARNING') return 'warning';
  return 'info';
}

/**
 * The links of the event, each template rendered with the alert data (`services/pagerduty2`:
 * `handler.Handle`). Throws TemplateError when one fails on this event.
 */
function renderLinks(event: AlertEvent, links: readonly PagerDuty2Link[]): { href: string; text: string }[] {
  if (links.length === 0) return [];
  const data = alertaTemplateData(event);
  return links.map((link) => {
    const href = link.href.execute(data);
    return { href, text: link.text ? link.text.execute(data) : href };
  });
}

/**
 * Events API v2: the alert id is the dedup key, so PagerDuty folds every event of one alert into
 * one incident, and an OK event resolves it. The script's `.link()`s go in `links`, left out when
 * there are none. Throws TemplateError when a link template fails on this event.
 */
export function pagerDuty2Body(event: AlertEvent, target: Pick<PagerDuty2Target, 'routingKey' | 'source'> & { readonly links?: readonly PagerDuty2Link[] }): string {
  const links = renderLinks(event, target.links ?? []);
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
    ...(links.length > 0 ? { links } : {}),
  });
}

export class PagerDuty2Handler implements Handler {
  readonly kind = 'pagerDuty2';

  constructor(private readonly target: PagerDuty2Target) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    let body: string;
    try {
      body = pagerDuty2Body(event, this.target);
    } catch (error) {
      // Kapacitor logs the failed template and sends nothing; a retry would fail the same way.
      if (error instanceof TemplateError) return Promise.resolve(failed(false, `pagerDuty2: link template failed: ${error.message}`));
      throw error;
    }
    return postOnce(
      {
        url: this.target.url,
        headers: { 'Content-Type': 'application/json' },
        body,
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
  return new PagerDuty2Handler({ url, routingKey, source: config.pagerDuty2?.source ?? 'vigil', timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, links: linksOf(instruction) });
}

/** The script's `.link(href[, text])` calls in order, templates parsed (a bad one fails the build). */
function linksOf(instruction: HandlerInstruction): PagerDuty2Link[] {
  return allOptions(instruction, 'link').map((args) => {
    const [href, text] = args;
    if (typeof href !== 'string' || (text !== undefined && typeof text !== 'string') || args.length > 2) {
      throw new HandlerOptionError(".pagerDuty2().link() takes a URL and an optional text, e.g. .link('https://grafana.example.com/d/{{ .ID }}', 'Dashboard')");
    }
    const textTemplate = text === undefined || text === '' ? undefined : parseLinkTemplate(text, 'text');
    return { href: parseLinkTemplate(href, 'href'), ...(textTemplate ? { text: textTemplate } : {}) };
  });
}

function parseLinkTemplate(source: string, what: string): GoTemplate {
  try {
    return parseTemplate(source, { name: what, html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.pagerDuty2().link() ${what} does not parse: ${error.message}`);
    throw error;
  }
}
