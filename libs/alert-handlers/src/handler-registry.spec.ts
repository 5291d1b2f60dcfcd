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

  it.each(['email', 'alerta'])('reports %s as not supported yet', (kind) => {
    expect(() => buildHandler({ kind, args: [], options: [] }, {})).toThrow(new HandlerOptionError(`handler .${kind}() is not supported yet; use .post() to a bridge or one of the supported handlers`));
  });

  it('builds a handler whose kind matches its spec', () => {
    const h = buildHandler({ kind: 'log', args: ['/tmp/x.log'], options: [] }, {});
    expect(h.kind).toBe('log');
  });
});
