import { instructionOf } from './topic-handler-kinds';

describe('topic handler kinds added with issue 13', () => {
  it("maps Kapacitor's teams options to the teams handler", () => {
    expect(instructionOf('teams', { 'channel-url': 'https://example.webhook.office.com/x' })).toEqual({ kind: 'teams', args: [], options: [{ name: 'channelURL', args: ['https://example.webhook.office.com/x'] }] });
    expect(instructionOf('teams', {})).toEqual({ kind: 'teams', args: [], options: [] });
  });
});

describe('discord topic handlers', () => {
  it("maps Kapacitor's discord options to the discord handler", () => {
    expect(instructionOf('discord', { workspace: 'ops', 'avatar-url': 'https://a/b.png', 'embed-title': '{{ .ID }}' })).toEqual({
      kind: 'discord',
      args: [],
      options: [
        { name: 'workspace', args: ['ops'] },
        { name: 'avatarURL', args: ['https://a/b.png'] },
        { name: 'embedTitle', args: ['{{ .ID }}'] },
      ],
    });
  });
});

describe('victorops topic handlers', () => {
  it("maps Kapacitor's victorops kind to the victorOps handler", () => {
    expect(instructionOf('victorops', { 'routing-key': 'ops' })).toEqual({ kind: 'victorOps', args: [], options: [{ name: 'routingKey', args: ['ops'] }] });
  });
});

describe('pushover topic handlers', () => {
  it("maps Kapacitor's pushover options, url and url-title included", () => {
    expect(instructionOf('pushover', { url: 'https://r', 'url-title': 'runbook' }).options).toEqual([
      { name: 'uRL', args: ['https://r'] },
      { name: 'uRLTitle', args: ['runbook'] },
    ]);
  });
});

describe('kafka topic handlers', () => {
  it("maps Kapacitor's kafka options (topic becomes .kafkaTopic())", () => {
    expect(instructionOf('kafka', { cluster: 'eu', topic: 'alerts' }).options).toEqual([
      { name: 'cluster', args: ['eu'] },
      { name: 'kafkaTopic', args: ['alerts'] },
    ]);
  });
});

describe('opsgenie and pagerduty (v1) topic handlers', () => {
  it("maps Kapacitor's v1 kinds to the v1 handlers", () => {
    expect(instructionOf('opsgenie', { 'teams-list': ['ops'] })).toEqual({ kind: 'opsGenie', args: [], options: [{ name: 'teams', args: ['ops'] }] });
    expect(instructionOf('pagerduty', { 'service-key': 'k' })).toEqual({ kind: 'pagerDuty', args: [], options: [{ name: 'serviceKey', args: ['k'] }] });
  });
});

describe('bigpanda and servicenow topic handlers', () => {
  it("maps Kapacitor's kinds to the handlers", () => {
    expect(instructionOf('bigpanda', { 'app-key': 'a' })).toEqual({ kind: 'bigPanda', args: [], options: [{ name: 'appKey', args: ['a'] }] });
    expect(instructionOf('servicenow', { source: 's' })).toEqual({ kind: 'serviceNow', args: [], options: [{ name: 'source', args: ['s'] }] });
  });
});

describe('sensu topic handlers', () => {
  it("maps Kapacitor's sensu options", () => {
    expect(instructionOf('sensu', { source: 'k', handlers: ['a'] })).toEqual({ kind: 'sensu', args: [], options: [{ name: 'source', args: ['k'] }, { name: 'handlers', args: ['a'] }] });
  });
});

describe('mqtt and snmptrap topic handlers', () => {
  it("maps Kapacitor's mqtt and snmptrap options", () => {
    expect(instructionOf('mqtt', { 'broker-name': 'local', topic: 'alerts/{{ .ID }}', qos: 1, retained: true })).toEqual({
      kind: 'mqtt',
      args: ['alerts/{{ .ID }}'],
      options: [{ name: 'brokerName', args: ['local'] }, { name: 'qos', args: [1] }, { name: 'retained', args: [true] }],
    });
    expect(instructionOf('snmptrap', { 'trap-oid': '1.3.6.1.4.1.1', 'data-list': [{ oid: '1.3.6.1.4.1.1.5', type: 's', value: '{{ .Level }}' }] })).toEqual({
      kind: 'snmpTrap',
      args: ['1.3.6.1.4.1.1'],
      options: [{ name: 'data', args: ['1.3.6.1.4.1.1.5', 's', '{{ .Level }}'] }],
    });
    expect(() => instructionOf('snmptrap', { 'trap-oid': '1.3', 'data-list': [{ oid: 1 }] })).toThrow('snmptrap option "data-list" must be a list of string maps');
  });
});
