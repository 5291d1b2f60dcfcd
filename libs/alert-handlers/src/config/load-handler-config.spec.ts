import { HandlerConfigError, loadHandlerConfig } from './load-handler-config';

const problemsOf = (file: unknown, env: Record<string, string> = {}): readonly string[] => {
  try {
    loadHandlerConfig(file, env);
  } catch (error) {
    if (error instanceof HandlerConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a HandlerConfigError');
};

const FULL_FILE = {
  timeoutMs: 5000,
  post: {
    endpoints: { broker: { url: 'http://broker:8080/alerts', headers: { 'X-Team': 'ops' }, basicAuth: { username: 'u', password: 'p' }, alertTemplate: '{{ .ID }}' } },
    allowedOrigins: ['https://hooks.example.com', 'http://broker:8080/'],
  },
  slack: { default: { url: 'https://hooks.slack.com/services/T/B/x', channel: '#alerts' }, workspaces: { ops: { url: 'https://hooks.slack.com/services/T/B/y', iconEmoji: ':fire:' } } },
  telegram: { token: 'tg-token', chatId: '-100', parseMode: 'HTML', disableNotification: true },
  pagerDuty2: { routingKey: 'pd-key', source: 'vigil' },
  alertmanager: { url: 'http://alertmanager:9093', basicAuth: { username: 'am', password: 'am-pass' } },
  opsGenie2: { apiKey: 'og-key', teams: ['ops'], recoveryAction: 'notes' },
  email: { host: 'smtp.example.com', port: 587, username: 'kapacitor', password: 'smtp-pass', from: 'vigil@example.com', to: ['oncall@example.com'], noVerify: false },
  alerta: { url: 'https://alerta.example.com/api', token: 'alerta-token', tokenPrefix: 'Key', environment: 'Production', origin: 'vigil' },
  exec: { allow: [{ program: '/usr/local/bin/notify', args: ['--channel=[a-z]+', '.*'] }, { program: '/usr/bin/logger' }] },
  tcp: { allow: ['logs.example.com:5140', 'relay.example.com:*', '[::1]:9000'] },
};

describe('loadHandlerConfig', () => {
  it('returns an empty configuration without file or variables', () => {
    expect(loadHandlerConfig(undefined, {})).toEqual({});
  });

  it('accepts every section of a valid file unchanged', () => {
    expect(loadHandlerConfig(FULL_FILE, {})).toEqual(FULL_FILE);
  });

  it('takes endpoints and secrets from the environment alone', () => {
    const config = loadHandlerConfig(undefined, {
      VIGIL_HANDLERS_TIMEOUT_MS: '2500',
      VIGIL_SLACK_URL: 'https://hooks.slack.com/services/T/B/z',
      VIGIL_TELEGRAM_TOKEN: 'tg',
      VIGIL_TELEGRAM_CHAT_ID: '42',
      VIGIL_PAGERDUTY2_ROUTING_KEY: 'pd',
      VIGIL_ALERTMANAGER_URL: 'http://am:9093',
      VIGIL_OPSGENIE2_API_KEY: 'og',
      VIGIL_SMTP_HOST: 'smtp.local',
      VIGIL_SMTP_PORT: '2525',
      VIGIL_SMTP_USERNAME: 'k',
      VIGIL_SMTP_PASSWORD: 'pw',
      VIGIL_SMTP_FROM: 'vigil@local',
      VIGIL_SMTP_TO: 'a@local, b@local',
      VIGIL_SMTP_NO_VERIFY: 'true',
      VIGIL_ALERTA_URL: 'http://alerta:8080/api',
      VIGIL_ALERTA_TOKEN: 'at',
      VIGIL_POST_ENDPOINT_BROKER_URL: 'http://broker/alerts',
      VIGIL_POST_ENDPOINT_BROKER_USERNAME: 'bu',
      VIGIL_POST_ENDPOINT_BROKER_PASSWORD: 'bp',
      VIGIL_SLACK_WORKSPACE_OPS_URL: 'https://hooks.slack.com/services/T/B/o',
      PATH: '/usr/bin',
    });
    expect(config).toEqual({
      timeoutMs: 2500,
      slack: { default: { url: 'https://hooks.slack.com/services/T/B/z' }, workspaces: { ops: { url: 'https://hooks.slack.com/services/T/B/o' } } },
      telegram: { token: 'tg', chatId: '42' },
      pagerDuty2: { routingKey: 'pd' },
      alertmanager: { url: 'http://am:9093' },
      opsGenie2: { apiKey: 'og' },
      email: { host: 'smtp.local', port: 2525, username: 'k', password: 'pw', from: 'vigil@local', to: ['a@local', 'b@local'], noVerify: true },
      alerta: { url: 'http://alerta:8080/api', token: 'at' },
      post: { endpoints: { broker: { url: 'http://broker/alerts', basicAuth: { username: 'bu', password: 'bp' } } } },
    });
  });

  it('lets variables override the file, matching map entries by their upper-case spelling', () => {
    const file = { post: { endpoints: { 'alert-broker': { url: 'http://old/alerts', headers: { A: 'b' } } } }, email: { host: 'smtp.example.com', from: 'x@example.com', password: 'in-file' } };
    const config = loadHandlerConfig(file, { VIGIL_POST_ENDPOINT_ALERT_BROKER_URL: 'http://new/alerts', VIGIL_SMTP_PASSWORD: 'from-env', VIGIL_SMTP_HOST: '' });
    expect(config.post?.endpoints?.['alert-broker']).toEqual({ url: 'http://new/alerts', headers: { A: 'b' } });
    expect(config.email).toEqual({ host: 'smtp.example.com', from: 'x@example.com', password: 'from-env' });
    expect(file.post.endpoints['alert-broker'].url).toBe('http://old/alerts');
  });

  it('lists every bad entry with its path', () => {
    const problems = problemsOf({
      timeoutMs: -1,
      slack: { workspaces: { ops: { url: 'not a url' } } },
      post: { endpoints: { broker: { headers: { A: 1 } } } },
      opsGenie2: { apiKey: 'k', recoveryAction: 'explode' },
      email: { host: 'smtp', from: 'x@example.com', port: 70000, tls: true },
      pagerduty2: {},
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'timeoutMs: must be greater than 0',
        'slack.workspaces.ops.url: expected an http(s) URL',
        'post.endpoints.broker.url: required',
        'post.endpoints.broker.headers.A: expected a string',
        'opsGenie2.recoveryAction: expected one of close, notes',
        'email.port: must be at most 65535',
        'email.tls: unknown setting',
        'pagerduty2: unknown setting',
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('names the variable a bad value came from, and unknown variables under a handler prefix', () => {
    const problems = problemsOf(undefined, { VIGIL_SMTP_HOST: 'smtp', VIGIL_SMTP_FROM: 'a@b', VIGIL_SMTP_PORT: 'twenty-five', VIGIL_SMTP_PASS: 'x', VIGIL_ALERTA_TOKEN: 't' });
    expect(problems).toEqual(['VIGIL_SMTP_PASS: unknown handler variable (docs/handlers.md lists them)', 'email.port (VIGIL_SMTP_PORT): expected a number', 'alerta.url: required']);
  });

  it('never quotes a value, secret or not', () => {
    const secret = 'hunter2-very-secret';
    const error = (() => {
      try {
        loadHandlerConfig(
          { slack: { default: { url: secret } }, alerta: { url: `https://${secret}`, token: 42 }, telegram: { token: secret, parseMode: secret } },
          { VIGIL_SMTP_PORT: secret, VIGIL_SMTP_NO_VERIFY: secret, VIGIL_PAGERDUTY2_URL: secret },
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HandlerConfigError);
    expect((error as Error).message).toContain('slack.default.url: expected an http(s) URL');
    expect((error as Error).message).not.toContain(secret);
  });

  it('checks the allowlists entry by entry', () => {
    const problems = problemsOf({
      exec: { allow: [{ program: 'notify' }, { program: '/bin/x', args: ['(unclosed'] }, { program: '/bin/y', argv: [] }], deny: [] },
      tcp: { allow: ['nohost', 'h:99999', 'h:9000', ':80', 'h:*'] },
      post: { allowedOrigins: ['https://hooks.example.com/path', 'ftp://files.example.com', 'https://ok.example.com', 'https://u:p@example.com'] },
    });
    expect(problems).toEqual([
      'post.allowedOrigins.0: expected an origin such as https://hooks.example.com (scheme, host, optional port; no path)',
      'post.allowedOrigins.1: expected an origin such as https://hooks.example.com (scheme, host, optional port; no path)',
      'post.allowedOrigins.3: expected an origin such as https://hooks.example.com (scheme, host, optional port; no path)',
      'exec.allow.0.program: expected an absolute path',
      'exec.allow.1.args.0: expected a regular expression',
      'exec.allow.2.argv: unknown setting',
      'exec.deny: unknown setting',
      "tcp.allow.0: expected 'host:port' or 'host:*'",
      "tcp.allow.1: expected 'host:port' or 'host:*'",
      "tcp.allow.3: expected 'host:port' or 'host:*'",
    ]);
  });

  it('takes the tcp and post allowlists from comma-separated variables, but exec.allow only from the file', () => {
    expect(loadHandlerConfig(undefined, { VIGIL_TCP_ALLOW: 'a:1, b:*', VIGIL_POST_ALLOWED_ORIGINS: 'https://hooks.example.com' })).toEqual({
      tcp: { allow: ['a:1', 'b:*'] },
      post: { allowedOrigins: ['https://hooks.example.com'] },
    });
    expect(problemsOf(undefined, { VIGIL_EXEC_ALLOW: '/bin/sh', VIGIL_POST_ALLOWED_ORIGIN: 'https://x' })).toEqual([
      'VIGIL_EXEC_ALLOW: unknown handler variable (docs/handlers.md lists them)',
      'VIGIL_POST_ALLOWED_ORIGIN: unknown handler variable (docs/handlers.md lists them)',
    ]);
  });

  it('takes MQTT brokers and the SNMP trap receiver from the file and the environment, and checks them', () => {
    const file = { mqtt: { brokers: { local: { url: 'tcp://mosquitto:1883', username: 'vigil' } } }, snmpTrap: { addr: 'snmptrapd:162', retries: 1 } };
    const env = { VIGIL_MQTT_BROKER_LOCAL_PASSWORD: 'mqtt-pass', VIGIL_MQTT_DEFAULT_BROKER: 'local', VIGIL_SNMPTRAP_COMMUNITY: 'snmp-community' };
    expect(loadHandlerConfig(file, env)).toEqual({
      mqtt: { brokers: { local: { url: 'tcp://mosquitto:1883', username: 'vigil', password: 'mqtt-pass' } }, defaultBroker: 'local' },
      snmpTrap: { addr: 'snmptrapd:162', retries: 1, community: 'snmp-community' },
    });
    expect(problemsOf({ mqtt: { brokers: { local: { url: 'http://mosquitto:1883' } }, defaultBroker: 'other' } })).toEqual([
      'mqtt.brokers.local.url: expected an MQTT URL: mqtt://, mqtts://, tcp://, ssl://, ws:// or wss://',
      'mqtt.defaultBroker: must name one of mqtt.brokers',
    ]);
    expect(problemsOf({ mqtt: { brokers: {} }, snmpTrap: { community: 'c' } })).toEqual(['mqtt.brokers: must name at least one broker', 'snmpTrap.addr: required']);
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf(['post'])).toEqual(['(root): expected an object']);
    expect(problemsOf('{}')).toEqual(['(root): expected an object']);
  });
});
