import { diffAssignment, flattenAssignment } from './partition-assignment';

describe('flattenAssignment', () => {
  it('lists partitions by topic then partition number', () => {
    expect(flattenAssignment({ b: [2, 0], a: [1] })).toEqual([
      { topic: 'a', partition: 1 },
      { topic: 'b', partition: 0 },
      { topic: 'b', partition: 2 },
    ]);
  });
});

describe('diffAssignment', () => {
  it('reports new partitions as assigned and lost ones as revoked, kept ones as neither', () => {
    const before = flattenAssignment({ points: [0, 1, 2] });
    const after = flattenAssignment({ points: [2, 3] });
    expect(diffAssignment(before, after)).toEqual({
      assigned: [{ topic: 'points', partition: 3 }],
      revoked: [
        { topic: 'points', partition: 0 },
        { topic: 'points', partition: 1 },
      ],
    });
  });

  it('tells partitions of different topics apart', () => {
    const change = diffAssignment(flattenAssignment({ a: [0] }), flattenAssignment({ b: [0] }));
    expect(change.assigned).toEqual([{ topic: 'b', partition: 0 }]);
    expect(change.revoked).toEqual([{ topic: 'a', partition: 0 }]);
  });
});
