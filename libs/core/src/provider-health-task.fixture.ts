/**
 * The seed's provider-health task (seeds/000): consecutive failures per resource and provider,
 * posted to a local receiver. It lives here, in the one library that both @vigil/testing and the
 * libraries below it (whose specs cannot import @vigil/testing without a cycle) depend on, so that
 * every test and bench exercises the same script the seed ships.
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

/**
 * The same task grouped by provider only, with an alert id per provider: a partition key of
 * resource and provider does not determine its groups, so the distributed mode repartitions it.
 */
export const PROVIDER_HEALTH_BY_PROVIDER_TICK = replaceOnce(
  replaceOnce(PROVIDER_HEALTH_TICK, ".groupBy('nome_recurso', 'nome_provedor')", ".groupBy('nome_provedor')"),
  ".id('status_provedor_{{ index .Tags \"nome_recurso\" }}{{ index .Tags \"nome_provedor\" }}')",
  ".id('provedor_{{ index .Tags \"nome_provedor\" }}')",
);

/** A replacement that fails loudly when the seed script no longer holds the text. */
function replaceOnce(script: string, text: string, replacement: string): string {
  if (!script.includes(text)) throw new Error(`the provider-health task no longer holds ${text}`);
  return script.replace(text, replacement);
}
