import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, flagOption, lastOption, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { checkUrl } from './post.handler';

export interface TelegramTarget {
  readonly baseUrl: string;
  readonly token: string;
  readonly chatId: string;
  readonly parseMode: string;
  readonly disableWebPagePreview: boolean;
  readonly disableNotification: boolean;
  readonly timeoutMs: number;
}

/** Bot API `sendMessage` with the event's message, as Kapacitor's telegram service sends it. */
export class TelegramHandler implements Handler {
  readonly kind = 'telegram';

  constructor(private readonly target: TelegramTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const body = JSON.stringify({
      chat_id: this.target.chatId,
      text: event.message,
      parse_mode: this.target.parseMode,
      disable_web_page_preview: this.target.disableWebPagePreview,
      disable_notification: this.target.disableNotification,
    });
    // The token is part of the URL path, so the URL itself is a secret.
    const url = `${this.target.baseUrl}${this.target.token}/sendMessage`;
    return postOnce(
      { url, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: this.target.timeoutMs, target: 'telegram bot API', secrets: [this.target.token, url] },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.baseUrl);
  }
}

export function buildTelegramHandler(instruction: HandlerInstruction, config: HandlerConfig): TelegramHandler {
  checkOptionNames(instruction);
  const settings = config.telegram;
  if (!settings || settings.token === '') throw new HandlerOptionError('.telegram() needs a bot token: configure telegram.token');
  const baseUrl = settings.url ?? 'https://api.telegram.org/bot';
  checkUrl(baseUrl, 'telegram');
  const chatId = stringOption(instruction, 'chatId') || settings.chatId || '';
  if (chatId === '') throw new HandlerOptionError(".telegram() needs a chat: add .chatId('...') or configure telegram.chatId");
  const parseMode = stringOption(instruction, 'parseMode') || settings.parseMode || '';
  if (parseMode !== '' && !['Markdown', 'MarkdownV2', 'HTML'].includes(parseMode)) {
    throw new HandlerOptionError(".telegram().parseMode() takes 'Markdown', 'MarkdownV2' or 'HTML'");
  }
  const flag = (name: string, configured: boolean | undefined): boolean =>
    lastOption(instruction, name) !== undefined ? flagOption(instruction, name) : (configured ?? false);
  return new TelegramHandler({
    baseUrl,
    token: settings.token,
    chatId,
    parseMode,
    disableWebPagePreview: flag('disableWebPagePreview', settings.disableWebPagePreview),
    disableNotification: flag('disableNotification', settings.disableNotification),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
