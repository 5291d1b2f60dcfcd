import { HandlerOptionError } from './handler-options';
import { HANDLER_SPECS, buildHandler } from './handler-registry';

describe('handler registry', () => {
  it('has one spec per kind', () => {
    const kinds = HANDLER_SPECS.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('names the supported handlers when the kind is unknown', () => {
    expect(() => buildHandler({ kind: 'sms', args: [], options: [] }, {})).toThrow(/unknown handler \.sms\(\).*post, slack, log/);
  });

  it('reports a known handler without a factory as not supported yet', () => {
    const specs = [{ kind: 'sms', summary: 'SMS (not supported yet).', options: {}, config: '' }];
    expect(() => buildHandler({ kind: 'sms', args: [], options: [] }, {}, specs)).toThrow(
      new HandlerOptionError('handler .sms() is not supported yet; use .post() to a bridge or one of the supported handlers'),
    );
  });

  it('builds every handler the registry lists', () => {
    expect(HANDLER_SPECS.filter((s) => !s.build).map((s) => s.kind)).toEqual([]);
  });

  it('builds a handler whose kind matches its spec', () => {
    const h = buildHandler({ kind: 'log', args: ['/tmp/x.log'], options: [] }, {});
    expect(h.kind).toBe('log');
  });
});
