import { presentedCredentials } from './presented-credentials';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('presentedCredentials', () => {
  it('reads the forms InfluxDB and Kapacitor clients send', () => {
    expect(presentedCredentials({ authorization: 'Bearer t1' })).toEqual({ kind: 'token', token: 't1' });
    expect(presentedCredentials({ authorization: 'Token t2' })).toEqual({ kind: 'token', token: 't2' });
    expect(presentedCredentials({ authorization: basic('ops:pw:with:colons') })).toEqual({ kind: 'user', username: 'ops', password: 'pw:with:colons' });
    expect(presentedCredentials({ user: 'sub', password: 'p' })).toEqual({ kind: 'user', username: 'sub', password: 'p' });
  });

  it('reads nothing from an empty or unknown header, or a password left empty', () => {
    expect(presentedCredentials({})).toBeUndefined();
    expect(presentedCredentials({ authorization: 'Bearer ' })).toBeUndefined();
    expect(presentedCredentials({ authorization: 'Digest abc' })).toBeUndefined();
    expect(presentedCredentials({ authorization: basic('no-colon') })).toBeUndefined();
    expect(presentedCredentials({ authorization: basic('ops:') })).toBeUndefined();
    expect(presentedCredentials({ user: 'x', password: '' })).toBeUndefined();
  });

  it('prefers the header to u and p, as Kapacitor does', () => {
    expect(presentedCredentials({ authorization: 'Bearer t1', user: 'u', password: 'p' })).toEqual({ kind: 'token', token: 't1' });
  });
});
