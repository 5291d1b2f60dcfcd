import fc from 'fast-check';
import { IdentitySet } from './identity-set';

describe('IdentitySet', () => {
  it('adds, finds and deletes identities by both halves', () => {
    const set = new IdentitySet();
    expect(set.add(1, 2)).toBe(true);
    expect(set.add(1, 2)).toBe(false);
    expect(set.has(1, 2)).toBe(true);
    expect(set.has(2, 1)).toBe(false);
    expect(set.has(1, 3)).toBe(false);
    expect(set.add(0, 0)).toBe(true);
    expect(set.size).toBe(2);
    expect(set.delete(1, 2)).toBe(true);
    expect(set.delete(1, 2)).toBe(false);
    expect(set.has(1, 2)).toBe(false);
    expect(set.has(0, 0)).toBe(true);
    expect(set.size).toBe(1);
  });

  it('answers as a Set of the same identities through any adds and deletes, colliding ones included', () => {
    // Few distinct values, so that many share a probe start and runs wrap around the table's end.
    const identity = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 1, 1024, 0xffffffff));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), identity), { maxLength: 3_000 }), (operations) => {
        const set = new IdentitySet();
        const model = new Set<string>();
        for (const [adding, [high, low]] of operations) {
          const key = `${high}/${low}`;
          if (adding) expect(set.add(high, low)).toBe(!model.has(key));
          else expect(set.delete(high, low)).toBe(model.has(key));
          if (adding) model.add(key);
          else model.delete(key);
        }
        expect(set.size).toBe(model.size);
        for (let high = 0; high <= 40; high++) for (const low of [0, 1, 1024, 0xffffffff]) expect(set.has(high, low)).toBe(model.has(`${high}/${low}`));
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first slots and keeps every identity', () => {
    const set = new IdentitySet();
    for (let n = 0; n < 100_000; n++) set.add(Math.imul(n, 2654435761) >>> 0, n);
    expect(set.size).toBe(100_000);
    for (let n = 0; n < 100_000; n += 7) expect(set.has(Math.imul(n, 2654435761) >>> 0, n)).toBe(true);
    for (let n = 0; n < 100_000; n += 2) set.delete(Math.imul(n, 2654435761) >>> 0, n);
    expect(set.size).toBe(50_000);
    for (let n = 1; n < 100_000; n += 2) expect(set.has(Math.imul(n, 2654435761) >>> 0, n)).toBe(true);
  });
});
