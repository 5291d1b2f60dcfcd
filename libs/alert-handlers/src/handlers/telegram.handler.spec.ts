import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { buildHandler } from '../handler-registry';

const telegram = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'telegram', args: [], options });
const TOKEN = '123456:ABC-secret-bot-token';

describeHttpHandlerConformance({
  kind: 'telegram',
  build: (baseUrl, timeoutMs) =>
    buildHandler(telegram([{ name: 'chatId', args: ['-100200'] }, { name: 'parseMode', args: ['Markdown'] }, { name: 'disableNotification', args: [] }]), {
      timeoutMs,
      telegram: { token: TOKEN, url: `${baseUrl}/bot` },
    }),
  expectedPath: `/bot${TOKEN}/sendMessage`,
  expectedBody: '{"chat_id":"-100200","text":"status_provedor_p1pa is CRITICAL","parse_mode":"Markdown","disable_web_page_preview":false,"disable_notification":true}',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [TOKEN],
});

describe('telegram handler options', () => {
  it('asks for the token in config', () => {
    expect(() => buildHandler(telegram([]), {})).toThrow(/telegram\.token/);
  });
  it('asks for a chat', () => {
    expect(() => buildHandler(telegram([]), { telegram: { token: TOKEN } })).toThrow(/chatId/);
  });
  it('refuses an unknown parse mode', () => {
    expect(() => buildHandler(telegram([{ name: 'parseMode', args: ['Rich'] }]), { telegram: { token: TOKEN, chatId: '1' } })).toThrow(/HTML/);
  });
});
