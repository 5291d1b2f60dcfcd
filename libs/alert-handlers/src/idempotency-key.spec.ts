import { idempotencyKeyField } from './idempotency-key';

describe('idempotencyKeyField', () => {
  it('writes the key as a Structured Field String, as the draft asks', () => {
    expect(idempotencyKeyField('0f3c9a27d1e84b6c95a0e2d7c4b1f863:0:post')).toBe('"0f3c9a27d1e84b6c95a0e2d7c4b1f863:0:post"');
    expect(idempotencyKeyField('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('has no value for a key a String cannot carry', () => {
    expect(idempotencyKeyField('line\nbreak')).toBeUndefined();
    expect(idempotencyKeyField('café')).toBeUndefined();
  });
});
