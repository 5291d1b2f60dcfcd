import { debugVars, KAPACITOR_API_VERSION, type RunbookView } from '@vigil/kapacitor-api';
import type { TaskCatalog } from '../../tasks/task-catalog';
import { configSections } from './config-view';
import { backupArchive } from './data-backup';
import type { RunbookContext } from './runbook-context';

/**
 * `vigil serve`'s answers to the runbook routes @vigil/kapacitor-api mounts: the data folder's
 * ids and the ingress counts for debug/vars, its settings and handler file for config, and a
 * backup of the data folder's definitions taken between task changes, so the set is consistent.
 */
export function serveRunbookView(context: RunbookContext, catalog: TaskCatalog): RunbookView {
  return {
    vars: () => {
      const tasks = catalog.list();
      const facts = { clusterId: context.ids.clusterId, serverId: context.ids.serverId, tasks: tasks.length, enabledTasks: tasks.filter((task) => task.status === 'enabled').length, ingress: context.ingress.list() };
      return debugVars(facts, KAPACITOR_API_VERSION);
    },
    config: () => configSections(context.settings, context.handlers),
    configReadOnly: "vigil serve's configuration is read-only: change the serve flags or the --handlers-config file and restart",
    backup: () => catalog.whileUnchanged(() => backupArchive(context.settings.dataDir, Math.floor(context.nowMs() / 1000))),
    storesRefusal: 'vigil keeps no BoltDB stores: tasks and templates are files in the data folder',
  };
}
