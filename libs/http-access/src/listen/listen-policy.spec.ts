import { checkListenPolicy, InsecureListenError } from './listen-policy';
import { isLoopbackHost } from './loopback';

const base = { server: 'vigil serve', credentialsConfigured: false, insecure: false, howToConfigure: { credentials: '--auth-file FILE', insecure: '--insecure' } };

describe('checkListenPolicy', () => {
  it('refuses a non-loopback address without credentials, saying why and what to do', () => {
    expect(() => checkListenPolicy({ ...base, host: '0.0.0.0' })).toThrow(InsecureListenError);
    expect(() => checkListenPolicy({ ...base, host: '0.0.0.0' })).toThrow(/vigil serve will not listen on 0\.0\.0\.0 without credentials: .*--auth-file FILE.*--insecure/);
    expect(() => checkListenPolicy({ ...base, host: '10.1.2.3' })).toThrow(InsecureListenError);
    expect(() => checkListenPolicy({ ...base, host: '::' })).toThrow(InsecureListenError);
  });

  it('allows loopback, credentials, or an explicit insecure flag', () => {
    expect(() => checkListenPolicy({ ...base, host: '127.0.0.1' })).not.toThrow();
    expect(() => checkListenPolicy({ ...base, host: '0.0.0.0', credentialsConfigured: true })).not.toThrow();
    expect(() => checkListenPolicy({ ...base, host: '0.0.0.0', insecure: true })).not.toThrow();
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback addresses and names from the others', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', 'app.localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.com', 'localhost.example.com'].some(isLoopbackHost)).toBe(false);
  });
});
