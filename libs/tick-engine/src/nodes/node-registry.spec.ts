import { NODE_CATALOG } from '@vigil/tick-lang';
import { createTaskFromScript } from '../task/create-task-from-script';
import { DBRP, lines, Recorder } from '../testing/script-harness.test';
import { createEngineRegistry, ENGINE_NODES, NodeRegistry, registrationOf, STREAM_NODE_BUILDERS } from './node-registry';

describe('node registry', () => {
  it('runs every node type the TICKscript compiler can produce, except macros and unsupported ones', () => {
    const registry = new NodeRegistry(ENGINE_NODES);
    const runnable = NODE_CATALOG.filter((spec) => !spec.macro && !spec.unsupported).map((spec) => spec.name);
    expect(runnable.filter((type) => !registry.find(type))).toEqual([]);
  });

  it("builds only types the catalog declares, since a node's arguments and properties are read from there", () => {
    const declared = new Set(NODE_CATALOG.map((spec) => spec.name));
    expect(ENGINE_NODES.map((registration) => registration.type).filter((type) => !declared.has(type))).toEqual([]);
  });

  it('refuses a type registered twice', () => {
    const registration = registrationOf(STREAM_NODE_BUILDERS[0]!);
    expect(() => new NodeRegistry([registration, registration])).toThrow(/registered twice/);
  });
});

describe('createEngineRegistry', () => {
  it('gives the alert templates the deployment server info', () => {
    const registry = createEngineRegistry({ serverInfo: { hostname: 'vigil-7' } });
    const recorder = new Recorder();
    const task = createTaskFromScript(`${DBRP}stream|from()|alert().id('{{ .ServerInfo.Hostname }}').crit(lambda: TRUE).topic('t')`, { ...recorder, registry });
    task.write(lines('m v=1 1')[0]!);
    expect(recorder.events.map((event) => event.id)).toEqual(['vigil-7']);
  });
});
