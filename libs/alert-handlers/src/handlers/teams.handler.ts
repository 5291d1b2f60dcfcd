import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { encodeJSONString } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { checkScriptUrlOrigin, originOf } from '../allowlist/post-allowlist';
import { checkUrl } from './post.handler';

export interface TeamsTarget {
  readonly url: string;
  readonly timeoutMs: number;
}

/** Kapacitor's card colours: amber for WARNING, red for CRITICAL, green otherwise. */
function themeColor(level: Level): string {
  if (level === 'WARNING') return 'FFA533';
  if (level === 'CRITICAL') return 'CC4A31';
  return '34CC25';
}

/** Kapacitor cuts the summary after 70 bytes (not characters) and always appends an ellipsis. */
const SUMMARY_BYTES = 70;

/**
 * The first `bytes` UTF-8 bytes of `text`. A character cut in two leaves bytes that are not
 * UTF-8; Go's encoder writes each of them as `\ufffd`, which encodeJSONString does for a lone
 * surrogate, so each stray byte becomes one.
 */
export function utf8Prefix(text: string, bytes: number): string {
  const utf8 = Buffer.from(text, 'utf8');
  if (utf8.length <= bytes) return text;
  let whole = bytes;
  // Step back over continuation bytes to the start of the cut character.
  while (whole > 0 && ((utf8[whole] ?? 0) & 0xc0) === 0x80) whole--;
  return utf8.subarray(0, whole).toString('utf8') + '\ud800'.repeat(bytes - whole);
}

/**
 * The anonymous topic of the event's alert node (`main:<task>:<node>`), Kapacitor's topic for
 * the node's own handlers; named when the alert id is empty.
 */
function anonymousTopic(event: AlertEvent): string {
  return `main:${event.task}:${event.node}`;
}

/**
 * The MessageCard Kapacitor's teams service marshals: fields in its struct's order, no trailing
 * newline. The title names the alert id (or the topic when the id is empty).
 */
export function teamsBody(event: AlertEvent): string {
  const title = event.id === '' ? `${event.level}: [${anonymousTopic(event)}]` : `${event.level}: [${event.id}]`;
  const summary = `${title} - ${event.message}`;
  return (
    `{"@type":"MessageCard","@context":"http://schema.org/extensions"` +
    `,"title":${encodeJSONString(title)}` +
    `,"text":${encodeJSONString(event.message)}` +
    `,"summary":${encodeJSONString(summaryOf(summary))}` +
    `,"themeColor":"${themeColor(event.level)}"}`
  );
}

function summaryOf(summary: string): string {
  return utf8Prefix(summary, SUMMARY_BYTES) + '...';
}

export class TeamsHandler implements Handler {
  readonly kind = 'teams';

  constructor(private readonly target: TeamsTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    // The webhook URL carries its own credentials, so it is a secret as a whole.
    return postOnce(
      { url: this.target.url, headers: { 'Content-Type': 'application/json' }, body: teamsBody(event), timeoutMs: this.target.timeoutMs, target: 'teams channel webhook', secrets: [this.target.url] },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

/**
 * A channel URL written in a script posts wherever it says, like `.post()`: with post.allowedOrigins
 * set, its origin must be listed there.
 */
export function checkTeamsInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  checkScriptUrlOrigin('.teams().channelURL()', stringOption(instruction, 'channelURL') ?? '', config.post, 'teams.channelUrl');
}

export function buildTeamsHandler(instruction: HandlerInstruction, config: HandlerConfig): TeamsHandler {
  checkOptionNames(instruction);
  checkTeamsInstruction(instruction, config);
  // An empty script value falls back to the configuration, as in Kapacitor.
  const url = stringOption(instruction, 'channelURL') || config.teams?.channelUrl || '';
  if (url === '') throw new HandlerOptionError(".teams() needs a channel webhook URL: configure teams.channelUrl or add .channelURL('https://...')");
  checkUrl(url, 'teams');
  return new TeamsHandler({ url, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
