import { inspect } from 'node:util';
import { Secret } from './secret';

describe('Secret', () => {
  const secret = new Secret('hunter2');

  it('gives its value only through reveal()', () => {
    expect(secret.reveal()).toBe('hunter2');
  });

  it('prints as [secret] in strings, JSON and inspect', () => {
    const printed = [`${secret}`, String(secret), JSON.stringify({ secret }), inspect({ secret }), inspect(secret)];
    expect(printed.some((text) => text.includes('hunter2'))).toBe(false);
    expect(printed[0]).toBe('[secret]');
    expect(printed[2]).toBe('{"secret":"[secret]"}');
  });
});
