import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { type GoTemplate, TemplateError, encodeJSONString, formatTimeLayout, parseTemplate } from '@vigil/go-format';
import { type DeliveryResult, type Handler, type SendContext, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type DiscordWorkspaceConfig, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { alertaTemplateData } from './alerta-template-data';
import { checkUrl } from './post.handler';

export interface DiscordTarget {
  readonly url: string;
  readonly username: string;
  readonly avatarUrl: string;
  readonly embedTitle: GoTemplate;
  readonly timestamp: boolean;
  readonly workspace: string;
  readonly timeoutMs: number;
}

/** Kapacitor's embed colours (decimal in the JSON): red, orange, otherwise purple. */
export function discordColor(level: Level): number {
  if (level === 'CRITICAL') return 0xf95f53;
  if (level === 'WARNING') return 0xf48d38;
  return 0x7a65f2;
}

/**
 * The webhook body Kapacitor's discord service encodes: a map (keys sorted: avatar_url, embeds,
 * username) holding one embed in its struct's order, and the encoder's trailing newline. The
 * timestamp is RFC 3339 in whole seconds, only when the workspace asks for it.
 */
export function discordBody(event: AlertEvent, target: Pick<DiscordTarget, 'username' | 'avatarUrl' | 'embedTitle' | 'timestamp'>): string {
  const title = target.embedTitle.execute(alertaTemplateData(event));
  const timestamp = target.timestamp ? formatTimeLayout(event.time, '2006-01-02T15:04:05Z07:00') : '';
  const embed =
    `{"color":${discordColor(event.level)},"title":${encodeJSONString(title)}` +
    `,"description":${encodeJSONString(event.message)},"timestamp":${encodeJSONString(timestamp)}}`;
  return `{"avatar_url":${encodeJSONString(target.avatarUrl)},"embeds":[${embed}],"username":${encodeJSONString(target.username)}}\n`;
}

export class DiscordHandler implements Handler {
  readonly kind = 'discord';

  constructor(private readonly target: DiscordTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    let body: string;
    try {
      body = discordBody(event, this.target);
    } catch (error) {
      // Kapacitor logs a failing embed title and sends nothing; a repeat would fail the same way.
      if (error instanceof TemplateError) return Promise.resolve(failed(false, `discord: embed title template failed: ${error.message}`));
      throw error;
    }
    // The webhook URL carries its token, so it is a secret as a whole.
    return postOnce(
      { url: this.target.url, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: this.target.timeoutMs, target: `discord workspace "${this.target.workspace}"`, secrets: [this.target.url] },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildDiscordHandler(instruction: HandlerInstruction, config: HandlerConfig): DiscordHandler {
  checkOptionNames(instruction);
  const workspace = stringOption(instruction, 'workspace') ?? '';
  const settings: DiscordWorkspaceConfig | undefined = workspace === '' ? config.discord?.default : config.discord?.workspaces?.[workspace];
  if (!settings) {
    const where = workspace === '' ? 'discord.default' : `discord.workspaces.${workspace}`;
    throw new HandlerOptionError(`.discord() needs a webhook URL: configure ${where}`);
  }
  checkUrl(settings.url, 'discord');
  // Empty script values fall back to the workspace's configuration, as in Kapacitor.
  const pick = (script: string | undefined, configured: string | undefined): string => (script !== undefined && script !== '' ? script : (configured ?? ''));
  let embedTitle: GoTemplate;
  try {
    embedTitle = parseTemplate(stringOption(instruction, 'embedTitle') ?? '', { name: 'embedTitle', html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.discord().embedTitle() does not parse: ${error.message}`);
    throw error;
  }
  return new DiscordHandler({
    url: settings.url,
    username: pick(stringOption(instruction, 'username'), settings.username),
    avatarUrl: pick(stringOption(instruction, 'avatarURL'), settings.avatarUrl),
    embedTitle,
    timestamp: settings.timestamp ?? false,
    workspace: workspace === '' ? 'default' : workspace,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
