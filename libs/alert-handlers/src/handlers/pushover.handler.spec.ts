import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { pushoverBody, pushoverPriority } from './pushover.handler';

const pushover = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'pushover', args: [], options });
const TOKEN = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';

describeHttpHandlerConformance({
  kind: 'pushover',
  build: (baseUrl, timeoutMs) =>
    buildHandler(pushover([{ name: 'title', args: ['Provider down!'] }, { name: 'uRL', args: ['https://runbook.example/p?a=1&b=2'] }, { name: 'sound', args: ['siren'] }]), {
      timeoutMs,
      pushover: { token: TOKEN, userKey: USER, url: `${baseUrl}/1/messages.json` },
    }),
  expectedPath: '/1/messages.json',
  // url.Values.Encode: keys sorted, QueryEscape (space as +, reserved characters as %XX).
  expectedBody: `message=status_provedor_p1pa+is+CRITICAL&priority=1&sound=siren&title=Provider+down%21&token=${TOKEN}&url=https%3A%2F%2Frunbook.example%2Fp%3Fa%3D1%26b%3D2&user=${USER}`,
  expectedHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
  secrets: [TOKEN, USER],
});

describe('pushover handler', () => {
  it("maps levels to Kapacitor's priorities", () => {
    expect((['OK', 'INFO', 'WARNING', 'CRITICAL'] as const).map(pushoverPriority)).toEqual([-2, -1, 0, 1]);
  });

  it("escapes as Go's QueryEscape, leaving -_.~ and escaping what encodeURIComponent keeps", () => {
    const body = pushoverBody(seedCriticalEvent({ message: "a-b_c.d~e (f)*'!é" }), { token: 't', userKey: 'u', device: '', title: '', link: '', linkTitle: '', sound: '' });
    expect(body).toBe('message=a-b_c.d~e+%28f%29%2A%27%21%C3%A9&priority=1&token=t&user=u');
  });

  it('takes the script user key first and asks for one', () => {
    expect(() => buildHandler(pushover([]), { pushover: { token: TOKEN } })).toThrow(/pushover\.userKey/);
    expect(() => buildHandler(pushover([{ name: 'userKey', args: ['g1'] }]), { pushover: { token: TOKEN } })).not.toThrow();
    expect(() => buildHandler(pushover([]), {})).toThrow(/pushover\.token/);
  });
});
