/**
 * The seed's provider-health task (seeds/000): consecutive failures per resource and provider,
 * posted to a local receiver. Tests and benches share this one copy so that they all exercise
 * the same script the seed ships.
 */
export const PROVIDER_HEALTH_TICK = `dbrp "vigil"."autogen"

stream
    |from()
        .measurement('performance_influx')
        .groupBy('nome_recurso', 'nome_provedor')
    |stateCount(lambda: "sucesso" == 0)
        .as('consecutive_error')
    |alert()
        .id('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}')
        .details('The past {{ index .Fields "consecutive_error" }} requests for "nome_recurso": {{ index .Tags "nome_recurso" }} and "nome_provedor": {{ index .Tags "nome_provedor" }} were considered to change to this level alert.')
        .info(lambda: "sucesso" == 1)
        .crit(lambda: "consecutive_error" >= 2)
        .stateChangesOnly()
        .noRecoveries()
        .post('http://localhost:9000/alerts')
`;

/** Where the seed's task posts its events: a receiver no test runs. */
const SEED_POST_URL = "'http://localhost:9000/alerts'";

/** The provider-health task with its `.post()` pointed at a test's receiver. */
export function providerHealthTickPostingTo(url: string): string {
  if (!PROVIDER_HEALTH_TICK.includes(SEED_POST_URL)) throw new Error(`the provider-health task no longer posts to ${SEED_POST_URL}`);
  return PROVIDER_HEALTH_TICK.replace(SEED_POST_URL, `'${url}'`);
}
