import { checkCredentials, parseAuthTokens } from './write-auth';

describe('checkCredentials', () => {
  const tokens = parseAuthTokens(' a1 , b2,,');

  it('allows everything when no token is configured', () => {
    expect(checkCredentials(parseAuthTokens(''), {})).toBe('allowed');
  });

  it('reads Token, Bearer, Basic and u/p credentials', () => {
    expect(checkCredentials(tokens, { authorization: 'Token a1' })).toBe('allowed');
    expect(checkCredentials(tokens, { authorization: 'Bearer b2' })).toBe('allowed');
    expect(checkCredentials(tokens, { authorization: `Basic ${Buffer.from('me:b2').toString('base64')}` })).toBe('allowed');
    expect(checkCredentials(tokens, { user: 'me', password: 'a1' })).toBe('allowed');
  });

  it('tells missing from wrong credentials', () => {
    expect(checkCredentials(tokens, {})).toBe('missing');
    expect(checkCredentials(tokens, { user: 'me' })).toBe('missing');
    expect(checkCredentials(tokens, { authorization: 'Token a2' })).toBe('wrong');
    expect(checkCredentials(tokens, { authorization: `Basic ${Buffer.from('a1:x').toString('base64')}` })).toBe('wrong');
  });
});
