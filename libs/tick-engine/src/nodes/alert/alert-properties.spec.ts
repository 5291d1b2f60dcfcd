import { readAlertProperties } from './alert-properties';
import { HANDLER_SPECS } from './handler-specs';
import { alertPipelineNode, call, dur, float, int, lambda, str } from './alert-test-doubles.test';
import { nodeSpec, type ArgType, type PropertyCall, type TickValue } from '@vigil/tick-lang';

const read = (...calls: PropertyCall[]) => readAlertProperties(alertPipelineNode(calls));
const ref = (name: string): TickValue => ({ type: 'reference', name });

describe('readAlertProperties', () => {
  it("has Kapacitor's defaults", () => {
    const properties = read();
    expect(properties.id.source).toBe('{{ .Name }}:{{ .Group }}');
    expect(properties.message.source).toBe('{{ .ID }} is {{ .Level }}');
    expect(properties.details.source).toBe('{{ json . }}');
    expect(properties.history).toBe(21);
    expect(properties.handlers).toEqual([]);
    expect(properties.stateChangesOnly).toBe(false);
  });

  it('lets the last setter win and accumulates handlers and inhibits', () => {
    const properties = read(
      call('id', [str('a')]),
      call('id', [str('b')]),
      call('inhibit', [str('c1'), str('host')]),
      call('inhibit', [str('c2')]),
      call('log', [str('/tmp/a.log')]),
      call('log', [str('/tmp/b.log')]),
    );
    expect(properties.id.source).toBe('b');
    expect(properties.inhibitors).toEqual([{ category: 'c1', equalTags: ['host'] }, { category: 'c2', equalTags: [] }]);
    expect(properties.handlers.map((h) => h.args[0])).toEqual(['/tmp/a.log', '/tmp/b.log']);
  });

  it('reads levels, history (at least 2), flapping and stateChangesOnly with a max interval', () => {
    const properties = read(call('crit', [lambda()]), call('history', [int(1)]), call('flapping', [int(0), float(0.5)]), call('stateChangesOnly', [dur(300n)]));
    expect(Object.keys(properties.lambdas)).toEqual(['crit']);
    expect(properties.history).toBe(2);
    expect(properties.flapping).toEqual({ low: 0, high: 0.5 });
    expect(properties.stateChangesOnly).toBe(true);
    expect(properties.stateChangesOnlyMaxInterval).toBe(300n);
  });

  it('turns handler calls into instructions with their options in script order', () => {
    const post = call('post', [str('http://x/{{ .ID }}')], [call('header', [str('k'), str('v')]), call('timeout', [dur(10_000_000_000n)]), call('captureResponse')]);
    const properties = read(post, call('slack', [], [call('channel', [str('#ops')])]), call('log', [str('/var/log/a')], [call('mode', [int(0o644)])]));
    expect(properties.handlers).toEqual([
      { kind: 'post', args: ['http://x/{{ .ID }}'], options: [{ name: 'header', args: ['k', 'v'] }, { name: 'timeout', args: [10_000_000_000] }, { name: 'captureResponse', args: [] }] },
      { kind: 'slack', args: [], options: [{ name: 'channel', args: ['#ops'] }] },
      { kind: 'log', args: ['/var/log/a'], options: [{ name: 'mode', args: [420] }] },
    ]);
  });

  it('returns to the alert node after a handler when the handler has no such option (Go embedding)', () => {
    const properties = read(call('post', [str('http://x')], [call('stateChangesOnly'), call('crit', [lambda()])]));
    expect(properties.stateChangesOnly).toBe(true);
    expect(properties.lambdas.crit).toBeDefined();
    expect(properties.handlers).toEqual([{ kind: 'post', args: ['http://x'], options: [] }]);
  });

  it('accepts the same calls whether the compiler nests them or lists them flat', () => {
    const nested = read(call('email', [str('a@x')], [call('to', [str('b@x')])]), call('noRecoveries'));
    const flat = read(call('email', [str('a@x')]), call('to', [str('b@x')]), call('noRecoveries'));
    expect(flat).toEqual(nested);
  });

  it.each([
    [call('log', [str('relative/path')]), /log path must be absolute/],
    [call('log', [str('/var/log/a')], [call('mode', [int(0o444)])]), /must be user writable/],
    [call('post', [str('http://x')], [call('header', [str('AuthentiCate'), str('x')])]), /cannot set 'authenticate' header/],
    [call('flapping', [float(0.2), float(1.5)]), /between 0 and 1/],
    [call('tcp', []), /takes 1 argument/],
    [call('exec', []), /at least 1/],
    [call('id', [ref('host')]), /double quotes instead of single quotes/],
    [call('crit', [str('x > 1')]), /wants a lambda/],
    [call('stateChangesOnly', [int(5)]), /wants a duration/],
    [call('channel', [str('#x')]), /no property or handler named 'channel'/],
    [call('post', [str('http://x')], [call('channel', [str('#x')])]), /no property or handler named 'channel'/],
  ])('rejects what Kapacitor rejects at definition (%#)', (bad, message) => {
    expect(() => read(bad)).toThrow(message);
  });

  it('reports the position of the offending call', () => {
    const bad: PropertyCall = { ...call('log', [str('x')]), pos: { line: 7, column: 9, offset: 80 } };
    expect(() => read(bad)).toThrow(/^7:9: /);
  });

  it('accepts `.mode(0)`, which keeps the default file mode', () => {
    expect(read(call('log', [str('/a')], [call('mode', [int(0)])])).handlers).toHaveLength(1);
  });

  it('records options of handlers vigil does not check, as scalars', () => {
    const properties = read(call('hipChat', [], [call('room', [str('ops')]), call('token', [str('t')]), call('stateChangesOnly')]));
    expect(properties.handlers).toEqual([{ kind: 'hipChat', args: [], options: [{ name: 'room', args: ['ops'] }, { name: 'token', args: ['t'] }] }]);
    expect(properties.stateChangesOnly).toBe(true);
  });

  it('records .mqtt() and .snmpTrap() and refuses at definition what Kapacitor refuses when it makes the handler', () => {
    const bool: TickValue = { type: 'bool', value: true };
    const mqtt = read(call('mqtt', [str('alerts/{{ .ID }}')], [call('brokerName', [str('local')]), call('qos', [int(2)]), call('retained', [bool])]));
    expect(mqtt.handlers).toEqual([{ kind: 'mqtt', args: ['alerts/{{ .ID }}'], options: [{ name: 'brokerName', args: ['local'] }, { name: 'qos', args: [2] }, { name: 'retained', args: [true] }] }]);
    expect(() => read(call('mqtt', [str('alerts/cpu')], [call('qos', [int(3)])]))).toThrow(/invalid MQTT QoS 3/);
    expect(() => read(call('mqtt', [str('alerts/{{ .ID ')]))).toThrow(/invalid mqtt topic template/);
    expect(() => read(call('mqtt', [str('')]))).toThrow(/missing MQTT topic/);
    const trap = read(call('snmpTrap', [str('1.3.6.1.4.1.1')], [call('data', [str('1.3.6.1.4.1.1.5'), str('s'), str('{{ .Level }}')])]));
    expect(trap.handlers).toEqual([{ kind: 'snmpTrap', args: ['1.3.6.1.4.1.1'], options: [{ name: 'data', args: ['1.3.6.1.4.1.1.5', 's', '{{ .Level }}'] }] }]);
    expect(() => read(call('snmpTrap', [str('')]))).toThrow(/you must supply a trap Oid/);
    expect(() => read(call('snmpTrap', [str('1.3.x')]))).toThrow(/invalid trap Oid "1\.3\.x"/);
    expect(() => read(call('snmpTrap', [str('1.3.6')], [call('data', [str('oid'), str('s'), str('v')])]))).toThrow(/invalid data Oid "oid"/);
    expect(() => read(call('snmpTrap', [str('1.3.6')], [call('data', [str('1.3.6.1'), str('s'), str('{{ .Level ')])]))).toThrow(/invalid snmpTrap data template for 1\.3\.6\.1/);
  });

  it("reads every property the catalog declares for the alert node itself, with the catalog's arities", () => {
    const sample: Partial<Record<ArgType, TickValue>> = { string: str('x'), int: int(3), float: float(0.5), duration: dur(5n), lambda: lambda() };
    const own = nodeSpec('alert').properties.filter((property) => !property.opens && !property.unsupported);
    for (const property of own) {
      const args = property.args.filter((arg) => !arg.optional).map((arg) => sample[arg.types[0] ?? 'string'] ?? str('x'));
      expect(() => read(call(property.name, args))).not.toThrow();
      if (!property.rest) expect(() => read(call(property.name, [...args, ...property.args.map(() => str('extra')), str('extra')]))).toThrow(/takes/);
    }
    expect(own.length).toBeGreaterThan(20);
  });

  it('knows every handler the brief asks for', () => {
    const kinds = HANDLER_SPECS.map((spec) => spec.kind);
    for (const kind of ['post', 'slack', 'log', 'tcp', 'exec', 'telegram', 'pagerDuty2', 'email', 'alerta', 'opsGenie2', 'alertmanager']) {
      expect(kinds).toContain(kind);
    }
  });
});
