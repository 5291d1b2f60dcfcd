import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { checkUrl } from './post.handler';

export const DEFAULT_PUSHOVER_URL = 'https://api.pushover.net/1/messages.json';

export interface PushoverTarget {
  readonly url: string;
  readonly token: string;
  readonly userKey: string;
  readonly device: string;
  readonly title: string;
  readonly link: string;
  readonly linkTitle: string;
  readonly sound: string;
  readonly timeoutMs: number;
}

/** Kapacitor's mapping onto Pushover priorities: OK silent (-2), INFO quiet, WARNING normal, CRITICAL high. */
export function pushoverPriority(level: Level): number {
  return { OK: -2, INFO: -1, WARNING: 0, CRITICAL: 1 }[level];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Go's url.QueryEscape: only letters, digits and `-_.~` stay, a space becomes `+`. */
function queryEscape(text: string): string {
  // encodeURIComponent throws on a lone surrogate; Go's strings hold U+FFFD there.
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The form Kapacitor's pushover service posts (url.Values.Encode: keys sorted, each value
 * query-escaped); device, title, url, url_title and sound only when set.
 */
export function pushoverBody(event: AlertEvent, target: Omit<PushoverTarget, 'url' | 'timeoutMs'>): string {
  const fields: [string, string][] = [
    ['token', target.token],
    ['user', target.userKey],
    ['message', event.message],
    ['priority', String(pushoverPriority(event.level))],
  ];
  const optional: [string, string][] = [
    ['device', target.device],
    ['title', target.title],
    ['url', target.link],
    ['url_title', target.linkTitle],
    ['sound', target.sound],
  ];
  for (const [name, value] of optional) if (value !== '') fields.push([name, value]);
  return fields
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([name, value]) => `${queryEscape(name)}=${queryEscape(value)}`)
    .join('&');
}

export class PushoverHandler implements Handler {
  readonly kind = 'pushover';

  constructor(private readonly target: PushoverTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    return postOnce(
      {
        url: this.target.url,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: pushoverBody(event, this.target),
        timeoutMs: this.target.timeoutMs,
        target: 'pushover API',
        secrets: [this.target.token, this.target.userKey],
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildPushoverHandler(instruction: HandlerInstruction, config: HandlerConfig): PushoverHandler {
  checkOptionNames(instruction);
  const settings = config.pushover;
  if (!settings || settings.token === '') throw new HandlerOptionError('.pushover() needs an application token: configure pushover.token');
  // An empty script user key falls back to the configuration, as in Kapacitor 1.5.9.
  const userKey = stringOption(instruction, 'userKey') || settings.userKey || '';
  if (userKey === '') throw new HandlerOptionError(".pushover() needs a user or group key: add .userKey('...') or configure pushover.userKey");
  const url = settings.url ?? DEFAULT_PUSHOVER_URL;
  checkUrl(url, 'pushover');
  const option = (name: string): string => stringOption(instruction, name) ?? '';
  return new PushoverHandler({
    url,
    token: settings.token,
    userKey,
    device: option('device'),
    title: option('title'),
    link: option('uRL'),
    linkTitle: option('uRLTitle'),
    sound: option('sound'),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
