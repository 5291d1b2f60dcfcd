import { UdfAgentConnection } from './udf-agent-connection';
import type { UdfFunctionConfig } from './udf-function-config';
import type { InfoMessage } from './udf-messages';

/**
 * Asks a declared function what it wants, provides and takes as options, as Kapacitor's UDF
 * service does when it opens (`services/udf/service.go`: `loadUDFInfo`): the agent is started,
 * asked Info and stopped. Rejects with the agent's failure, or after the timeout (10 s when the
 * function has none).
 */
export async function loadUdfInfo(name: string, config: UdfFunctionConfig): Promise<InfoMessage> {
  let failure: ((reason: string) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    failure = (reason) => reject(new Error(`UDF ${name}: ${reason}`));
  });
  const connection = UdfAgentConnection.open(name, config, { data: () => undefined, failed: (reason) => failure?.(reason), stderr: () => undefined });
  const limit = config.timeoutMs > 0 ? config.timeoutMs : 10_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`UDF ${name}: no Info answer within ${limit} ms`)), limit);
  });
  try {
    const asked = connection.ask({ kind: 'info' }).catch((error: Error) => Promise.reject(new Error(`UDF ${name}: ${error.message}`)));
    const answer = await Promise.race([asked, failed, timedOut]);
    return answer.info;
  } finally {
    clearTimeout(timer);
    connection.kill();
  }
}
