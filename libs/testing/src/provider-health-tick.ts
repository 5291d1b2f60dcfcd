import { PROVIDER_HEALTH_TICK } from '@vigil/core';

/** The seed's provider-health task, defined in @vigil/core (its one home); tests import it from here too. */
export { PROVIDER_HEALTH_TICK };

/** Where the seed's task posts its events: a receiver no test runs. */
const SEED_POST_URL = "'http://localhost:9000/alerts'";

/** The provider-health task with its `.post()` pointed at a test's receiver. */
export function providerHealthTickPostingTo(url: string): string {
  if (!PROVIDER_HEALTH_TICK.includes(SEED_POST_URL)) throw new Error(`the provider-health task no longer posts to ${SEED_POST_URL}`);
  return PROVIDER_HEALTH_TICK.replace(SEED_POST_URL, `'${url}'`);
}
