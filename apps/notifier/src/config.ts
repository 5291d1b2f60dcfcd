import { groupIdVar, parseEnv, serviceEnv, type EnvOf } from '@vigil/config';

/** Every variable the notifier reads; docs/configuration.md describes each one. */
export const NOTIFIER_ENV = {
  ...serviceEnv({ port: 8088, clientId: 'vigil-notifier' }),
  NOTIFIER_GROUP_ID: groupIdVar('vigil-notifier'),
};

export type NotifierConfig = EnvOf<typeof NOTIFIER_ENV>;

/** The one place the notifier reads the environment. Throws a ConfigError naming every bad variable. */
export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return parseEnv('notifier', NOTIFIER_ENV, env);
}
