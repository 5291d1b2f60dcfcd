import { decodeServiceTestAnswer, decodeServiceTestListing, decodeServiceTestRequest, serviceTestQueueKeys } from './service-test-messages';

describe('service-test messages', () => {
  it('reads the requests, listings and answers ingest and the notifier exchange', () => {
    expect(decodeServiceTestRequest('{"op":"list"}')).toEqual({ op: 'list' });
    expect(decodeServiceTestRequest('{"op":"test","name":"httppost","options":{"url":"http://x"}}')).toEqual({ op: 'test', name: 'httppost', options: { url: 'http://x' } });
    expect(decodeServiceTestRequest('{"op":"test","name":"slack","options":null}')).toEqual({ op: 'test', name: 'slack', options: null });
    expect(decodeServiceTestListing('{"services":[{"name":"slack","options":{"channel":"#ops"}}]}')).toEqual({ services: [{ name: 'slack', options: { channel: '#ops' } }] });
    expect(decodeServiceTestAnswer('{"outcome":{"success":false,"message":"no URL"}}')).toEqual({ outcome: { success: false, message: 'no URL' } });
    expect(decodeServiceTestAnswer('{"outcome":null}')).toEqual({ outcome: null });
  });

  it('refuses what breaks the contract, naming the part', () => {
    expect(() => decodeServiceTestRequest('{"op":"send"}')).toThrow('service-test request: op must be "list" or "test", got "send"');
    expect(() => decodeServiceTestRequest('{"op":"test","name":"slack","options":[1]}')).toThrow('options must be an object or null');
    expect(() => decodeServiceTestListing('{"services":[{"name":1}]}')).toThrow('services must be a list of {name, options}');
    expect(() => decodeServiceTestAnswer('{"outcome":{"success":"yes"}}')).toThrow('outcome must be null or');
    expect(() => decodeServiceTestAnswer('nope')).toThrow('service-test answer: not JSON');
  });

  it("names a deployment's queue after its topic-handlers topic", () => {
    expect(serviceTestQueueKeys('vigil.topic-handlers')).toEqual({ requests: 'vigil.service-tests:vigil.topic-handlers:requests', replyPrefix: 'vigil.service-tests:vigil.topic-handlers:reply:' });
  });
});
