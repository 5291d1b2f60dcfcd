import { decodeServiceTestAnswer, decodeServiceTestListing } from '@vigil/topic-contract';
import { serviceTestResponder } from './service-test-responder';

describe('serviceTestResponder', () => {
  const answer = serviceTestResponder({ slack: { default: { url: 'https://hooks.slack.com/services/x', channel: '#ops' } } }, () => 1_700_000_000_000);

  it("lists the services with the defaults of the notifier's own handler configuration", async () => {
    const listing = decodeServiceTestListing(await answer('{"op":"list"}'));
    expect(listing.services.map((service) => service.name)).toEqual(['alerta', 'alertmanager', 'bigpanda', 'discord', 'httppost', 'kafka', 'mqtt', 'opsgenie', 'opsgenie2', 'pagerduty', 'pagerduty2', 'pushover', 'sensu', 'servicenow', 'slack', 'smtp', 'snmptrap', 'teams', 'telegram', 'victorops']);
    expect(listing.services.find((service) => service.name === 'slack')?.options).toMatchObject({ channel: '#ops' });
  });

  it('runs a test through the handler and says why it failed; an unknown service is a null outcome', async () => {
    expect(decodeServiceTestAnswer(await answer('{"op":"test","name":"httppost","options":null}'))).toEqual({
      outcome: { success: false, message: '.post() has no URL and no endpoint "default" is configured; add it under post.endpoints or pass a URL' },
    });
    expect(decodeServiceTestAnswer(await answer('{"op":"test","name":"nope","options":null}'))).toEqual({ outcome: null });
  });

  it('refuses a request that breaks the contract', async () => {
    await expect(answer('{"op":"send"}')).rejects.toThrow('service-test request: op must be "list" or "test"');
  });
});
