import { SUPPORTED_HANDLERS } from '@vigil/tick-lang';
import { HandlerOptionError } from './handler-options';
import { HANDLER_SPECS, buildHandler, checkHandlerAllowed } from './handler-registry';

describe('handler registry', () => {
  it('has one spec per kind', () => {
    const kinds = HANDLER_SPECS.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('names the supported handlers when the kind is unknown', () => {
    expect(() => buildHandler({ kind: 'sms', args: [], options: [] }, {})).toThrow(/unknown handler \.sms\(\).*post, slack, log/);
  });

  it('reports a known handler without a factory as not supported yet', () => {
    const specs = [{ kind: 'sms', summary: 'SMS (not supported yet).', config: '', repeats: '' }];
    expect(() => buildHandler({ kind: 'sms', args: [], options: [] }, {}, specs)).toThrow(
      new HandlerOptionError('handler .sms() is not supported yet; use .post() to a bridge or one of the supported handlers'),
    );
  });

  it('builds every handler the registry lists', () => {
    expect(HANDLER_SPECS.filter((s) => !s.build).map((s) => s.kind)).toEqual([]);
  });

  it('delivers exactly the handlers the catalog declares, and takes its properties from there', () => {
    expect(HANDLER_SPECS.map((s) => s.kind).sort()).toEqual(SUPPORTED_HANDLERS.map((declared) => declared.name).sort());
    // A property the catalog does not declare (or only names to refuse) is refused at build, naming the declared ones.
    expect(() => buildHandler({ kind: 'pagerDuty2', args: [], options: [{ name: 'image', args: ['http://runbook'] }] }, {})).toThrow(
      new HandlerOptionError('.pagerDuty2() has no property .image(); known: .routingKey(), .link()'),
    );
  });

  it('builds a handler whose kind matches its spec', () => {
    const h = buildHandler({ kind: 'log', args: ['/tmp/x.log'], options: [] }, { log: { allow: ['/tmp'] } });
    expect(h.kind).toBe('log');
  });

  describe('checkHandlerAllowed', () => {
    const config = { exec: { allow: [{ program: '/bin/true' }] }, tcp: { allow: ['relay:9000'] }, post: { allowedOrigins: ['https://hooks.example.com'] } };

    it('refuses exec, tcp and post targets the configuration does not allow, as the build does', () => {
      const refused = [
        { kind: 'exec', args: ['/usr/bin/touch', '/tmp/x'], options: [] },
        { kind: 'tcp', args: ['evil:9000'], options: [] },
        { kind: 'post', args: ['https://evil.example.org/'], options: [] },
      ];
      for (const instruction of refused) {
        expect(() => checkHandlerAllowed(instruction, config), instruction.kind).toThrow(HandlerOptionError);
        expect(() => buildHandler(instruction, config), instruction.kind).toThrow(HandlerOptionError);
      }
    });

    it('lets allowed targets through', () => {
      expect(() => checkHandlerAllowed({ kind: 'exec', args: ['/bin/true'], options: [] }, config)).not.toThrow();
      expect(() => checkHandlerAllowed({ kind: 'tcp', args: ['relay:9000'], options: [] }, config)).not.toThrow();
      expect(() => checkHandlerAllowed({ kind: 'post', args: ['https://hooks.example.com/x'], options: [] }, config)).not.toThrow();
    });

    it('checks an httpPost node: its URL as a post, and its endpoint must be configured', () => {
      const node = (args: string[], endpoint?: string) => ({ kind: 'httpPost', args, options: endpoint === undefined ? [] : [{ name: 'endpoint', args: [endpoint] }] });
      expect(() => checkHandlerAllowed(node(['https://hooks.example.com/metrics']), config)).not.toThrow();
      expect(() => checkHandlerAllowed(node(['https://evil.example.org/x']), config)).toThrow(/^\.post\(\) to https:\/\/evil\.example\.org is not allowed/);
      const withEndpoint = { post: { endpoints: { metrics: { url: 'http://metrics.internal/in', basicAuth: { username: 'u', password: 'never-shown' } } } } };
      expect(() => checkHandlerAllowed(node([], 'metrics'), withEndpoint)).not.toThrow();
      expect(() => checkHandlerAllowed(node([], 'metric'), withEndpoint)).toThrow(
        new HandlerOptionError("endpoint 'metric' does not exist: add post.endpoints.metric (url, headers, basicAuth) to the handler configuration (configured: metrics)"),
      );
      expect(() => checkHandlerAllowed(node([], 'metrics'), {})).toThrow(/^endpoint 'metrics' does not exist: add post\.endpoints\.metrics /);
    });

    it('checks nothing else: a handler that lacks its configuration is still defined', () => {
      expect(() => checkHandlerAllowed({ kind: 'slack', args: [], options: [] }, {})).not.toThrow();
      expect(() => checkHandlerAllowed({ kind: 'post', args: [], options: [{ name: 'endpoint', args: ['missing'] }] }, {})).not.toThrow();
      expect(() => checkHandlerAllowed({ kind: 'sms', args: [], options: [] }, {})).not.toThrow();
    });
  });
});
