/** The seed scenario's points (seeds/000, as in the tick-engine golden case), in nanoseconds. */
export const SEED_LINES = `performance_influx,nome_recurso=p1,nome_provedor=pa latencia=180,sucesso=1i 1684713065000000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=95,sucesso=1i 1684713065500000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713068500000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=300,sucesso=0i 1684713069000000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713070038000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713071000000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=90,sucesso=1i 1684713071500000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=1i 1684713072352000000
`;

/** The two payloads Kapacitor 1.6.6 posted in the seed PoC, as Go's encoder writes them (compact). */
export const SEED_CRITICAL =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","details":"The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:10.038Z","duration":0,"level":"CRITICAL","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]},"previousLevel":"INFO","recoverable":false}';
export const SEED_INFO =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is INFO","details":"The past -1 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:12.352Z","duration":2314000000,"level":"INFO","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:12.352Z",-1,251,1]]}]},"previousLevel":"CRITICAL","recoverable":false}';
