import { compileTickScript } from './compile-tick-script';
import { compileError, describeCalls, node } from '../../test/compile-test-helpers';

const alertScript = (properties: string) => `stream|from()|alert()${properties}`;

describe('compileTickScript: validation against the catalog', () => {
  it('rejects an unknown chaining method, listing the valid ones sorted', () => {
    const error = compileError('stream\n  |from()\n  |windw()');
    expect(error.message).toMatch(/^unknown chaining method windw \(did you mean window\?\); valid chaining methods: alert, barrier, bottom, changeDetect, combine, count, /);
    const listed = error.message.split('valid chaining methods: ')[1]?.split(', ') ?? [];
    expect(listed).toEqual([...listed].sort());
    expect([error.line, error.column]).toEqual([3, 4]);
  });

  it('rejects an unknown property at its position, listing the valid ones sorted', () => {
    const error = compileError('stream\n  |from()\n  |window()\n      .perod(10s)');
    expect(error.message).toBe(
      'unknown property perod on window (window2) (did you mean period?); valid properties: align, every, everyCount, fillPeriod, period, periodCount',
    );
    expect([error.line, error.column]).toEqual([4, 8]);
    expect(error.format()).toBe('4:8: ' + error.message + '\n      .perod(10s)\n       ^');
  });

  it('says when a property is used as a chaining method and the other way round', () => {
    expect(compileError('stream|from()|window()|period(1m)').message).toBe(
      'window (window2) has no chaining method period: period is a property, use .period(...) instead of |period(...)',
    );
    expect(compileError('stream|from().window()').message).toBe(
      'from (from1) has no property window: window is a chaining method, use |window(...) instead of .window(...)',
    );
  });

  it('checks argument counts, naming the signature', () => {
    expect(compileError("stream|from()|percentile('x')").message).toBe(
      '|percentile takes 2 arguments, got 1: |percentile(field string, percentile float)',
    );
    expect(compileError('stream|from()|window().period()').message).toBe('window.period takes 1 argument, got 0: window.period(period duration)');
    expect(compileError(alertScript('.stateChangesOnly(1m, 2m)')).message).toBe(
      'alert.stateChangesOnly takes 0 to 1 arguments, got 2: alert.stateChangesOnly([maxInterval duration])',
    );
    expect(compileError('stream|from()|eval()').message).toBe('|eval takes at least 1 argument, got 0: |eval(expression lambda...)');
  });

  it('checks argument types, saying what was expected', () => {
    const error = compileError("stream|from()|percentile('x', 95)");
    expect(error.message).toBe('|percentile: argument percentile must be a float, got int 95 (write 95.0 for a float)');
    expect(error.column).toBe(31);
    expect(compileError("stream|from()|window().period('1m')").message).toBe("window.period: argument period must be a duration, got string '1m'");
    expect(compileError('stream|from()|stateCount("x" > 1)').message).toBe('the field reference "x" can only be used inside a lambda (lambda: "x" ...)');
    expect(compileError("stream|from()|log().level('LOUD')").message).toBe("log.level: argument level must be one of DEBUG, INFO, WARN, ERROR, got 'LOUD'");
  });

  it('hints at single quotes when a reference is given for a string', () => {
    const error = compileError('stream\n  |from()\n    .measurement("cpu")');
    expect(error.message).toBe('from.measurement: argument measurement must be a string, got the reference "cpu": did you use double quotes instead of single quotes?');
    expect([error.line, error.column]).toEqual([3, 18]);
  });

  it('accepts tags or * in groupBy, and a list spread into the arguments', () => {
    const { pipeline } = compileTickScript("stream|from().groupBy(*)|groupBy(['host', 'dc']).exclude('dc')");
    expect(describeCalls(node(pipeline, 'from1').properties)).toEqual(['groupBy(*)']);
    expect(node(pipeline, 'groupby2').args).toEqual([{ type: 'string', value: 'host' }, { type: 'string', value: 'dc' }]);
  });

  it('rejects unsupported nodes and handlers with a clear message', () => {
    expect(compileError('stream|from()|k8sAutoscale()').message).toBe('autoscaling nodes are not supported by vigil');
    expect(compileError(alertScript('.hipChat()')).message).toMatch(/^the hipChat alert handler is not supported by vigil: Atlassian shut HipChat down in 2019.*; supported handlers: alerta, alertmanager, .*\bemail, /);
  });

  it('only allows from after stream, and nothing after an output without children', () => {
    expect(compileError('stream|window()').message).toBe('stream must be followed by |from() (found |window()): write stream|from()|window()');
    expect(compileError('stream|from()|from()').message).toBe('from() can only follow stream: write stream|from()');
    expect(compileError("stream|from()|influxDBOut().database('x')|log()").message).toBe(
      'influxDBOut (influxdb_out2) has no output: nothing can be chained after it',
    );
  });

  it('rejects a window after a window, whose input is a batch', () => {
    expect(compileError('stream|from()|window().period(1m)|window()').message).toBe('window needs a stream of points, but window2 emits batches');
  });

  it('rejects chaining from values that are not nodes', () => {
    expect(compileError('var x = 5\nx|log()').message).toBe('cannot call |log() on int 5: only nodes have chaining methods and properties');
  });
});

describe('compileTickScript: alert handlers', () => {
  it('nests handler properties under the handler call', () => {
    const { pipeline } = compileTickScript(
      alertScript(".post('http://a').header('X-A', '1').captureResponse().timeout(5s).slack().channel('#ops').iconEmoji(':fire:').log('/var/log/alerts.log').mode(0644)"),
    );
    expect(describeCalls(node(pipeline, 'alert2').properties)).toEqual([
      "post('http://a')",
      "  .header('X-A', '1')",
      '  .captureResponse()',
      '  .timeout(5000000000ns)',
      'slack()',
      "  .channel('#ops')",
      "  .iconEmoji(':fire:')",
      "log('/var/log/alerts.log')",
      '  .mode(420i)',
    ]);
  });

  it('falls back to alert properties after a handler, as Kapacitor handlers embed the alert node', () => {
    const { pipeline } = compileTickScript(alertScript(".post('http://a').stateChangesOnly().noRecoveries().email('a@b.c').to('d@e.f')"));
    expect(describeCalls(node(pipeline, 'alert2').properties)).toEqual([
      "post('http://a')",
      'stateChangesOnly()',
      'noRecoveries()',
      "email('a@b.c')",
      "  .to('d@e.f')",
    ]);
  });

  it('continues from the alert node after a fallback, so handler properties no longer apply', () => {
    const error = compileError(alertScript(".post('http://a').stateChangesOnly().header('a', 'b')"));
    expect(error.message).toMatch(/^unknown property header on alert \(alert2\); valid properties: /);
  });

  it('lists handler and alert properties for an unknown name on a handler', () => {
    const error = compileError(alertScript('.slack().chanel()'));
    expect(error.message).toMatch(/^unknown property chanel on the slack handler \(did you mean channel\?\); valid properties: /);
    const listed = error.message.split('valid properties: ')[1]?.split(', ') ?? [];
    expect(listed).toEqual([...listed].sort());
    expect(listed).toEqual(expect.arrayContaining(['channel', 'iconEmoji', 'crit', 'stateChangesOnly', 'post']));
  });

  it('takes the properties a handler declares under the handler', () => {
    const { pipeline } = compileTickScript(
      alertScript(
        ".alerta().correlated('db').renameSeverity('crit', 'major').tokenPrefix('Key').opsGenie2().recoveryAction('notes')" +
          ".pagerDuty2().link('http://runbook/{{ .ID }}').link('http://grafana', 'Graph').alertmanager().url('http://am:9093').labels('host', 'dc')",
      ),
    );
    expect(describeCalls(node(pipeline, 'alert2').properties)).toEqual(
      expect.arrayContaining([
        'alerta()',
        "  .correlated('db')",
        "  .renameSeverity('crit', 'major')",
        "  .tokenPrefix('Key')",
        'opsGenie2()',
        "  .recoveryAction('notes')",
        'pagerDuty2()',
        "  .link('http://runbook/{{ .ID }}')",
        "  .link('http://grafana', 'Graph')",
        'alertmanager()',
        "  .url('http://am:9093')",
        "  .labels('host', 'dc')",
      ]),
    );
    expect(compileError(alertScript('.pagerDuty2().link()')).message).toMatch(/link/);
  });

  it('chains a child node from a handler object (from its alert node)', () => {
    const { pipeline } = compileTickScript(alertScript(".post('http://a')|log()"));
    expect(node(pipeline, 'alert2').children).toEqual([3]);
    expect(node(pipeline, 'log3').type).toBe('log');
  });

  it('takes the octal file mode of the log handler', () => {
    const { pipeline } = compileTickScript(alertScript(".log('/tmp/a').mode(0600)"));
    expect(node(pipeline, 'alert2').properties[0]?.properties[0]?.args).toEqual([{ type: 'int', value: 384n }]);
  });
});

describe('compileTickScript: node checks across properties', () => {
  it('rejects a window with both period and periodCount', () => {
    const error = compileError('stream|from()|window().periodCount(10).everyCount(5).period(1m)');
    expect(error.message).toBe('window: cannot use both period and periodCount');
    expect(error.column).toBe(54);
  });

  it('rejects an aligned count window and a count window without everyCount', () => {
    expect(compileError('stream|from()|window().periodCount(10).everyCount(1).align()').message).toBe(
      'window: only time windows can be aligned, not count windows',
    );
    expect(compileError('stream|from()|window().periodCount(10)').message).toBe('window: everyCount must be greater than zero when periodCount is set');
  });

  it('needs one eval name per lambda and tags among them', () => {
    expect(compileError("stream|from()|eval(lambda: 1, lambda: 2).as('a')").message).toBe(
      'eval needs one name per expression via .as(): got 1 name(s) for 2 expression(s)',
    );
    expect(compileError("stream|from()|eval(lambda: 'x').as('a').tags('b')").message).toBe('eval: tag "b" is not one of the .as() names');
    // The last .as() wins, as Kapacitor's setter replaces the list.
    expect(() => compileTickScript("stream|from()|eval(lambda: 1, lambda: 2).as('a').as('a', 'b')")).not.toThrow();
  });

  it('needs a database and retention policy on kapacitorLoopback', () => {
    expect(compileError("stream|from()|kapacitorLoopback().database('d')").message).toBe(
      'kapacitorLoopback must specify a retention policy with .retentionPolicy()',
    );
  });
});
