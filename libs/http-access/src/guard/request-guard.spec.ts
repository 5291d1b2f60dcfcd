import { CredentialStore } from '../credentials/credential-store';
import { hashSecret, parseSecretHash } from '../credentials/secret-hash';
import type { Permission } from '../credentials/permissions';
import { decideRequest, type AccessPolicy, type GuardedRequest } from './request-guard';

function credential(name: string, token: string, permissions: Permission[]) {
  return { name, token: parseSecretHash(hashSecret(token, 'sha256')), permissions: new Set(permissions) };
}

const store = new CredentialStore([credential('writer', 'w', ['write-points']), credential('reader', 'r', ['read-tasks']), credential('root', 'a', ['admin'])]);
const withAuth: AccessPolicy = { store, metricsRequireCredentials: false, loopbackOnly: false };
const open: AccessPolicy = { store: new CredentialStore([]), metricsRequireCredentials: false, loopbackOnly: true };

function request(method: string, url: string, headers: Record<string, string> = {}): GuardedRequest {
  return { method, url, headers: { host: '127.0.0.1:9100', ...headers } };
}

const json = { 'content-type': 'application/json' };

describe('decideRequest', () => {
  it('lets probes through without credentials, and metrics unless they are configured to need them', () => {
    expect(decideRequest(request('GET', '/health/live'), withAuth)).toEqual({ allowed: true });
    expect(decideRequest(request('GET', '/metrics'), withAuth)).toEqual({ allowed: true });
    expect(decideRequest(request('GET', '/metrics'), { ...withAuth, metricsRequireCredentials: true })).toMatchObject({ allowed: false, status: 401 });
  });

  it('answers 401 for missing or wrong credentials and 403 for a missing permission', () => {
    expect(decideRequest(request('POST', '/write?db=x'), withAuth)).toEqual({ allowed: false, status: 401, message: 'unable to parse authentication credentials' });
    expect(decideRequest(request('POST', '/write?db=x', { authorization: 'Token nope' }), withAuth)).toEqual({ allowed: false, status: 401, message: 'authorization failed' });
    expect(decideRequest(request('POST', '/write?db=x&u=telegraf&p=w'), withAuth)).toEqual({ allowed: true, credential: 'writer' });
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { ...json, authorization: 'Bearer w' }), withAuth)).toEqual({
      allowed: false,
      status: 403,
      message: 'credential writer does not have the write-tasks permission for POST /kapacitor/v1/tasks',
    });
  });

  it('maps task reads and changes to read-tasks and write-tasks, and anything unknown to admin', () => {
    expect(decideRequest(request('GET', '/kapacitor/v1/tasks?pattern=cpu*', { authorization: 'Bearer r' }), withAuth)).toEqual({ allowed: true, credential: 'reader' });
    expect(decideRequest(request('DELETE', '/kapacitor/v1/tasks/cpu', { authorization: 'Bearer r' }), withAuth)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request('GET', '/kapacitor/v1/config', { authorization: 'Bearer r' }), withAuth)).toMatchObject({ allowed: false, status: 403, message: expect.stringContaining('admin') });
    expect(decideRequest(request('GET', '/kapacitor/v1/config', { authorization: 'Bearer a' }), withAuth)).toEqual({ allowed: true, credential: 'root' });
    expect(decideRequest(request('GET', '/kapacitor/v1/ping', { authorization: 'Bearer w' }), withAuth)).toEqual({ allowed: true, credential: 'writer' });
    expect(decideRequest(request('POST', '/kapacitor/v1/sideload/reload', { authorization: 'Bearer r' }), withAuth)).toMatchObject({ allowed: false, status: 403, message: expect.stringContaining('write-tasks') });
    expect(decideRequest(request('POST', '/kapacitor/v1/sideload/reload'), withAuth)).toMatchObject({ allowed: false, status: 401 });
  });

  it('refuses the cross-site "simple" POST that defined an .exec() task, with or without credentials', () => {
    const attack = { 'content-type': 'text/plain', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', attack), open)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { ...attack, authorization: 'Bearer a' }), withAuth)).toMatchObject({ allowed: false, status: 403 });
    // A page on another port of the same machine is "same-site" but another origin.
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-site' }), open)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { ...json, origin: 'http://127.0.0.1:3000' }), open)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request('POST', '/write', { origin: 'null' }), open)).toMatchObject({ allowed: false, status: 403 });
  });

  it('takes control-plane changes only as JSON, and writes in whatever content type writers send', () => {
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { 'content-type': 'text/plain' }), open)).toEqual({
      allowed: false,
      status: 415,
      message: 'POST /kapacitor/v1/tasks takes Content-Type: application/json',
    });
    expect(decideRequest(request('PATCH', '/kapacitor/v1/tasks/x', { 'content-type': 'application/x-www-form-urlencoded' }), open)).toMatchObject({ allowed: false, status: 415 });
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { 'content-type': 'multipart/form-data; boundary=x' }), open)).toMatchObject({ allowed: false, status: 415 });
    // The kapacitor CLI sends service tests without a content type; a browser would add Origin.
    expect(decideRequest(request('POST', '/kapacitor/v1/service-tests/post', {}), open)).toEqual({ allowed: true });
    expect(decideRequest(request('POST', '/kapacitor/v1/service-tests/post', { origin: 'http://evil.example' }), open)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { 'content-type': 'Application/JSON; charset=utf-8' }), open)).toEqual({ allowed: true });
    expect(decideRequest(request('DELETE', '/kapacitor/v1/tasks/x'), open)).toEqual({ allowed: true });
    expect(decideRequest(request('POST', '/write', { 'content-type': 'text/plain' }), open)).toEqual({ allowed: true });
    expect(decideRequest(request('POST', '/api/v1/write', { 'content-type': 'application/x-protobuf' }), open)).toEqual({ allowed: true });
  });

  it('on a loopback-only server, answers only requests that name a loopback host (DNS rebinding)', () => {
    expect(decideRequest({ method: 'POST', url: '/kapacitor/v1/tasks', headers: { ...json, host: 'rebound.evil.example:9100' } }, open)).toMatchObject({ allowed: false, status: 403 });
    expect(decideRequest({ method: 'POST', url: '/kapacitor/v1/tasks', headers: { ...json } }, open)).toMatchObject({ allowed: false, status: 403 });
    for (const host of ['localhost:9100', '127.0.0.1:9100', '[::1]:9100', 'localhost']) {
      expect(decideRequest({ method: 'POST', url: '/kapacitor/v1/tasks', headers: { ...json, host } }, open)).toEqual({ allowed: true });
    }
    expect(decideRequest({ method: 'GET', url: '/health/ready', headers: { host: 'anything' } }, open)).toEqual({ allowed: true });
  });

  it('accepts a browser request from its own origin', () => {
    expect(decideRequest(request('POST', '/kapacitor/v1/tasks', { ...json, origin: 'http://127.0.0.1:9100', 'sec-fetch-site': 'same-origin' }), open)).toEqual({ allowed: true });
  });
});
