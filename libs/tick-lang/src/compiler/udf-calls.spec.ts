import { checkTickScript, compileTickScript } from './compile-tick-script';
import type { UdfSignature } from '../catalog/udf-node.catalog';

const MOVING_AVERAGE: UdfSignature = { wants: 'stream', provides: 'stream', options: { field: ['string'], size: ['int'], as: ['string'] } };
const OUTLIERS: UdfSignature = { wants: 'batch', provides: 'batch', options: { field: ['string'], scale: ['float'] } };
const udfs = { movingAverage: MOVING_AVERAGE, tTest: OUTLIERS };

const errors = (script: string, options: { udfs: Record<string, UdfSignature> } = { udfs }): string[] => checkTickScript(script, options).map((error) => `${error.line}:${error.column}: ${error.message}`);

describe('@name() user-defined functions', () => {
  it('builds a udf node named as Kapacitor names it, with its options in script order', () => {
    const { pipeline } = compileTickScript("stream|from().measurement('cpu')@movingAverage().field('usage').size(10).as('avg')|log()", { udfs });
    const node = pipeline.nodes[2];
    expect(node).toMatchObject({ type: 'udf', name: 'movingAverage2', args: [{ type: 'string', value: 'movingAverage' }] });
    expect(node?.properties.map((call) => [call.name, call.args])).toEqual([
      ['field', [{ type: 'string', value: 'usage' }]],
      ['size', [{ type: 'int', value: 10n }]],
      ['as', [{ type: 'string', value: 'avg' }]],
    ]);
    expect(pipeline.nodes[3]).toMatchObject({ type: 'log', parents: [2] });
  });

  it('refuses a function the configuration does not declare, naming those it does', () => {
    expect(errors("stream|from()@movingAvg().field('x')")).toEqual([
      "1:15: no user-defined function movingAvg is declared (declared: movingAverage, tTest); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task",
    ]);
    expect(errors('stream|from()@movingAverage()', { udfs: {} })[0]).toMatch(/^1:15: no user-defined function movingAverage is declared \(none is declared\)/);
  });

  it('checks options as Kapacitor does: known names, value counts and exact types', () => {
    expect(errors("stream|from()@movingAverage().size(10.0).field('a', 'b').window(3)")).toEqual([
      '1:36: udf.size: argument value1 must be a int, got float 10.0',
      '1:42: udf.field takes 1 argument, got 2: udf.field(value1 string)',
      expect.stringMatching(/^1:58: udf \(movingAverage2\) has no property window/),
    ]);
  });

  it('checks the edges the function wants and provides', () => {
    expect(errors("stream|from()@tTest().field('x')")).toEqual(['1:15: @tTest() wants batches, but from1 emits points']);
    const { pipeline } = compileTickScript("stream|from()|window().period(1m)@tTest().field('x').scale(1.5)|count('x')", { udfs });
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['stream0', 'from1', 'window2', 'tTest3', 'count4']);
  });

  it('takes no arguments', () => {
    expect(errors("stream|from()@movingAverage('x')")).toEqual(['1:29: @movingAverage() takes no arguments: set its options as properties (.option(value))']);
  });
});
