import { join } from 'node:path';
import type { HandlerConfig } from '@vigil/alert-handlers';

/**
 * The folders of vigil serve's own data folder that tasks may use when the handler configuration
 * lists none: `|sideload()` reads below `<data>/sideload` and `.log()` appends below `<data>/logs`. Anything else must be listed, so a
 * task holder cannot read the folder's state, credentials or other files of the machine.
 */
export function withDataFolderAllowlists(config: HandlerConfig, dataDir: string): HandlerConfig {
  return {
    ...config,
    ...(config.sideload?.allow === undefined ? { sideload: { allow: [join(dataDir, 'sideload')] } } : {}),
    ...(config.log?.allow === undefined ? { log: { allow: [join(dataDir, 'logs')] } } : {}),
  };
}
