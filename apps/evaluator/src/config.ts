import { groupIdVar, parseEnv, serviceEnv, type EnvOf } from '@vigil/config';

/** Every variable the evaluator reads; docs/configuration.md describes each one. */
export const EVALUATOR_ENV = {
  ...serviceEnv({ port: 8087, clientId: 'vigil-evaluator' }),
  EVALUATOR_GROUP_ID: groupIdVar('vigil-evaluator'),
};

export type EvaluatorConfig = EnvOf<typeof EVALUATOR_ENV>;

/** The one place the evaluator reads the environment. Throws a ConfigError naming every bad variable. */
export function loadEvaluatorConfig(env: NodeJS.ProcessEnv = process.env): EvaluatorConfig {
  return parseEnv('evaluator', EVALUATOR_ENV, env);
}
