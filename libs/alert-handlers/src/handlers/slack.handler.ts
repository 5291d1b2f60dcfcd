import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { encodeJSONString } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig, type SlackWorkspaceConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { checkUrl } from './post.handler';

export interface SlackTarget {
  readonly url: string;
  readonly token: string;
  readonly channel: string;
  readonly username: string;
  readonly iconEmoji: string;
  readonly workspace: string;
  readonly timeoutMs: number;
}

/** Kapacitor's attachment colours: only CRITICAL and WARNING stand out. */
export function slackColor(level: Level): string {
  if (level === 'CRITICAL') return 'danger';
  if (level === 'WARNING') return 'warning';
  return 'good';
}

/**
 * The incoming-webhook body exactly as Kapacitor's encoder writes it: map keys sorted, the
 * event's message (not details) as fallback and text, and a trailing newline.
 */
export function slackBody(event: AlertEvent, target: Pick<SlackTarget, 'channel' | 'username' | 'iconEmoji'>): string {
  const message = encodeJSONString(event.message);
  const attachment = `{"fallback":${message},"color":"${slackColor(event.level)}","text":${message},"mrkdwn_in":["text"]}`;
  return (
    `{"attachments":[${attachment}]` +
    `,"channel":${encodeJSONString(target.channel)}` +
    `,"icon_emoji":${encodeJSONString(target.iconEmoji)}` +
    `,"text":""` +
    `,"username":${encodeJSONString(target.username)}}\n`
  );
}

export class SlackHandler implements Handler {
  readonly kind = 'slack';

  constructor(private readonly target: SlackTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.target.token !== '') headers['Authorization'] = `Bearer ${this.target.token}`;
    const secrets = [this.target.url, this.target.token].filter((s) => s !== '');
    return postOnce(
      { url: this.target.url, headers, body: slackBody(event, this.target), timeoutMs: this.target.timeoutMs, target: `slack workspace "${this.target.workspace}"`, secrets },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildSlackHandler(instruction: HandlerInstruction, config: HandlerConfig): SlackHandler {
  checkOptionNames(instruction);
  const workspace = stringOption(instruction, 'workspace') ?? '';
  const settings: SlackWorkspaceConfig | undefined = workspace === '' ? config.slack?.default : config.slack?.workspaces?.[workspace];
  if (!settings) {
    const where = workspace === '' ? 'slack.default' : `slack.workspaces.${workspace}`;
    throw new HandlerOptionError(`.slack() needs a webhook URL: configure ${where}`);
  }
  checkUrl(settings.url, 'slack');
  // Empty script values fall back to the workspace's configuration, as in Kapacitor.
  const pick = (script: string | undefined, configured: string | undefined, fallback: string): string =>
    script !== undefined && script !== '' ? script : configured !== undefined && configured !== '' ? configured : fallback;
  return new SlackHandler({
    url: settings.url,
    token: settings.token ?? '',
    channel: pick(stringOption(instruction, 'channel'), settings.channel, ''),
    username: pick(stringOption(instruction, 'username'), settings.username, 'kapacitor'),
    iconEmoji: pick(stringOption(instruction, 'iconEmoji'), settings.iconEmoji, ''),
    workspace: workspace === '' ? 'default' : workspace,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
