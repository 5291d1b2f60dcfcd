import type { SideloadReloadMessage } from '@vigil/topic-contract';
import { SideloadReloadCatchUp } from './sideload-reload-catch-up';

/** A catch-up over a counter the test sets (or breaks), recording the reloads and warnings. */
function catchUpOver(counter: { value: number | Error }) {
  const reloads: SideloadReloadMessage[] = [];
  const warnings: string[] = [];
  const read = () => (counter.value instanceof Error ? Promise.reject(counter.value) : Promise.resolve(counter.value));
  const catchUp = new SideloadReloadCatchUp(read, (message) => reloads.push(message), { warn: (_fields, message) => warnings.push(message) });
  return { catchUp, reloads, warnings };
}

describe('SideloadReloadCatchUp', () => {
  it('takes the generation at start as applied and reloads once for reloads missed since', async () => {
    const counter = { value: 3 };
    const { catchUp, reloads } = catchUpOver(counter);
    await catchUp.start();
    await catchUp.check();
    expect(reloads).toEqual([]);
    counter.value = 5;
    await catchUp.check();
    await catchUp.check();
    expect(reloads).toEqual([{ id: 'missed reloads up to generation 5', generation: 5 }]);
  });

  it('does not reload again for a message it heard, and always reloads a message without a generation', async () => {
    const counter = { value: 0 };
    const { catchUp, reloads } = catchUpOver(counter);
    await catchUp.start();
    counter.value = 1;
    catchUp.heard({ id: 'r1', generation: 1 });
    await catchUp.check();
    catchUp.heard({ id: 'old-ingest' });
    expect(reloads).toEqual([{ id: 'r1', generation: 1 }, { id: 'old-ingest' }]);
  });

  it('logs a counter it cannot read and catches up at the next check', async () => {
    const counter: { value: number | Error } = { value: 1 };
    const { catchUp, reloads, warnings } = catchUpOver(counter);
    await catchUp.start();
    counter.value = new Error('connection is closed');
    await catchUp.check();
    expect(warnings).toEqual(['sideload reload: could not read the reload generation from Redis; checking again later']);
    counter.value = 2;
    await catchUp.check();
    expect(reloads).toEqual([{ id: 'missed reloads up to generation 2', generation: 2 }]);
  });
});
