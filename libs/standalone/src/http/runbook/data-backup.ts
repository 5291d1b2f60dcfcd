import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLUSTER_ID_FILE, SERVER_ID_FILE } from '../../storage/ids/server-ids';
import { TEMPLATES_FOLDER } from '../../tasks/task-catalog';
import { tarGz, type ArchiveFile } from '@vigil/kapacitor-api';

/** The folders and files of a data folder a backup holds, relative to its root. */
export const BACKUP_FOLDERS = ['tasks', TEMPLATES_FOLDER] as const;
export const BACKUP_FILES = [CLUSTER_ID_FILE, SERVER_ID_FILE] as const;

/**
 * The definitions of a data folder as a `.tar.gz` whose paths are the folder's own (`tasks/...`,
 * `templates/...`, `cluster.id`, `server.id`), so restoring is: stop vigil serve, `tar -xzf
 * backup -C <data folder>`, start it. What Kapacitor's backup (its BoltDB file) holds that a
 * vigil data folder keeps elsewhere is left out on purpose: point and event logs are data in
 * flight, checkpoints name positions in that folder's point log (wrong anywhere else), and the
 * handler configuration is a file of secrets the server only reads. Temporary files of a write
 * in progress are skipped; the caller runs this between task changes, so the set is consistent.
 */
export async function backupArchive(root: string, mtimeSeconds: number): Promise<Buffer> {
  const files: ArchiveFile[] = [];
  for (const folder of BACKUP_FOLDERS) {
    let names: string[];
    try {
      names = (await readdir(join(root, folder))).filter((name) => !name.includes('.tmp-')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names) files.push({ path: `${folder}/${name}`, bytes: await readFile(join(root, folder, name)) });
  }
  for (const name of BACKUP_FILES) {
    try {
      files.push({ path: name, bytes: await readFile(join(root, name)) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return tarGz(files, mtimeSeconds);
}
