import { createHash } from 'node:crypto';
import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { formatRFC3339Nano } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, stringOption } from '../handler-options';
import { basicAuthHeader, postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { type BatchedSend, SendBatcher } from '../http/send-batcher';
import { checkUrl } from './post.handler';

/**
 * Most alerts in one POST. The scheduler's per-origin limit (default 32 sends in flight) keeps
 * batches smaller anyway; this bounds a request to an Alertmanager configured with a larger one.
 */
export const ALERTMANAGER_MAX_BATCH = 64;

export interface AlertmanagerTarget {
  readonly url: string;
  readonly authorization: string;
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  /** The tags `.labels()` names, in script order; undefined: every tag of the row. */
  readonly labelTags?: readonly string[];
}

/**
 * One postable alert for Alertmanager's API v2. Labels identify the alert (alertname = alert id,
 * plus the tags of the first series row, or only those `.labels()` names); a non-OK event opens it
 * at the event time and an OK event closes it (endsAt), so Alertmanager resolves it.
 */
export function alertmanagerBody(event: AlertEvent, labelTags?: readonly string[]): string {
  return `[${alertmanagerAlert(event, labelTags)}]`;
}

/**
 * The JSON of one postable alert, an element of the list alertmanagerBody sends. With `labelTags`
 * only those tags become labels (a tag the row lacks is left out, as Alertmanager treats an empty
 * label as absent); alertname, level and task are always set.
 */
export function alertmanagerAlert(event: AlertEvent, labelTags?: readonly string[]): string {
  const labels: Record<string, string> = {};
  const tags = event.series[0]?.tags ?? {};
  const keys = labelTags === undefined ? Object.keys(tags) : labelTags.filter((key) => Object.hasOwn(tags, key));
  for (const key of [...keys].sort()) labels[key] = tags[key] ?? '';
  labels['alertname'] = event.id;
  labels['level'] = event.level;
  if (event.task !== '') labels['task'] = event.task;
  const time = formatRFC3339Nano(event.time);
  const alert: Record<string, unknown> = { labels, annotations: { message: event.message, details: event.details } };
  if (event.level === 'OK') alert['endsAt'] = time;
  else alert['startsAt'] = time;
  return JSON.stringify(alert);
}

/**
 * The Idempotency-Key of a request carrying several pairs: a digest of their keys in body order,
 * the same whenever the same pairs go together (a retry of the whole request) and different for
 * any other list. A request of one carries the pair's own key.
 */
export function batchIdempotencyKey(keys: readonly string[]): string {
  return 'batch:' + createHash('sha256').update(keys.join('\n')).digest('hex');
}

/**
 * Alertmanager's API takes a list of alerts, so the sends started together (a burst's events for
 * different alert ids) share one POST (SendBatcher); a send alone is the request it always was.
 */
export class AlertmanagerHandler implements Handler {
  readonly kind = 'alertmanager';
  private readonly batcher = new SendBatcher<string>((sends) => this.sendBatch(sends), ALERTMANAGER_MAX_BATCH);

  constructor(private readonly target: AlertmanagerTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    return this.batcher.send({ part: alertmanagerAlert(event, this.target.labelTags), context });
  }

  /**
   * Alertmanager refuses a whole list for one alert it cannot take (400), so a list refused for
   * good is sent again one alert per request: only the bad alert is then dead-lettered. A
   * retryable failure fails every pair of the list, each retried on its own schedule.
   */
  private async sendBatch(sends: readonly BatchedSend<string>[]): Promise<readonly DeliveryResult[]> {
    const [first] = sends;
    if (first === undefined) return [];
    if (sends.length === 1) return [await this.post([first.part], first.context)];
    const keys = sends.map((send) => send.context.idempotencyKey);
    const signals = sends.flatMap((send) => (send.context.signal ? [send.context.signal] : []));
    const context: SendContext = {
      attempt: Math.min(...sends.map((send) => send.context.attempt)),
      ...(keys.every((key) => key !== undefined) ? { idempotencyKey: batchIdempotencyKey(keys) } : {}),
      // A send's signal cuts its attempt only when the scheduler stops, which cuts them all.
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    };
    const result = await this.post(
      sends.map((send) => send.part),
      context,
    );
    if (result.status === 'failed' && !result.retryable) return Promise.all(sends.map((send) => this.post([send.part], send.context)));
    return sends.map(() => result);
  }

  private post(alerts: readonly string[], context: SendContext): Promise<DeliveryResult> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.target.authorization !== '') headers['Authorization'] = this.target.authorization;
    return postOnce(
      {
        url: this.target.url.replace(/\/+$/, '') + '/api/v2/alerts',
        headers,
        body: `[${alerts.join(',')}]`,
        timeoutMs: this.target.timeoutMs,
        target: 'alertmanager',
        secrets: this.target.secrets,
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

/**
 * `.alertmanager().url()` is vigil's own (Kapacitor 1.5.9 has no alertmanager handler), so no
 * existing script needs it to post anywhere: unlike `.post(url)`, it is refused unless
 * post.allowedOrigins lists its origin, the list of origins a script may send to.
 */
export function checkAlertmanagerInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  const url = stringOption(instruction, 'url');
  if (url === undefined) return;
  checkUrl(url, 'alertmanager');
  const origin = originOf(url);
  if (origin !== undefined && (config.post?.allowedOrigins ?? []).some((entry) => originOf(entry) === origin)) return;
  throw new HandlerOptionError(
    `.alertmanager().url() to ${origin ?? 'a URL without an origin'} is not allowed: add "${origin ?? ''}" to post.allowedOrigins in the handler configuration, or configure alertmanager.url and drop .url() from the script`,
  );
}

export function buildAlertmanagerHandler(instruction: HandlerInstruction, config: HandlerConfig): AlertmanagerHandler {
  checkOptionNames(instruction);
  checkAlertmanagerInstruction(instruction, config);
  const settings = config.alertmanager;
  const url = stringOption(instruction, 'url') ?? settings?.url;
  if (url === undefined) throw new HandlerOptionError(".alertmanager() needs a server: configure alertmanager.url, or name an allowed one with .url('https://...')");
  checkUrl(url, 'alertmanager');
  // The configured credentials go only to the configured server's origin, never to another one a script names.
  const auth = settings && originOf(settings.url) === originOf(url) ? settings.basicAuth : undefined;
  const labels = allOptions(instruction, 'labels');
  return new AlertmanagerHandler({
    url,
    authorization: auth ? basicAuthHeader(auth.username, auth.password) : '',
    secrets: auth ? [auth.password, basicAuthHeader(auth.username, auth.password)] : [],
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(labels.length > 0 ? { labelTags: labels.flatMap((args) => args.map(String)) } : {}),
  });
}
