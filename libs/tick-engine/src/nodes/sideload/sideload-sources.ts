import { readSideloadDirectory, type SideloadCache } from './sideload-files';

/** The files one sideload node looks values up in; `cache` is replaced whole by a reload. */
export interface SideloadSource {
  readonly dir: string;
  cache: SideloadCache;
}

/** A source that a reload could not read again: it keeps the values it had. */
export interface SideloadReloadFailure {
  readonly dir: string;
  /** The reader's message, which names the file that failed (`failed to unmarshal json values "..."`). */
  readonly message: string;
}

/**
 * The sideload sources of the running tasks of one process, so that `POST
 * /kapacitor/v1/sideload/reload` can read their files again without rebuilding a task: Kapacitor's
 * sideload service keeps its sources by directory and `Service.Reload` runs each one's
 * `UpdateCache` (`services/sideload/service.go`). Only the nodes' lookup tables change; every
 * other node of the task, and its state, is left as it is.
 *
 * A node registers its source when it is built, having read the directory then, and leaves when
 * its task closes it, so a deleted task's directory is not read again. Sources are held weakly:
 * a node dropped without being closed (a task whose build failed further on) is forgotten once
 * collected. Reading is synchronous, so a point never sees half a reload.
 */
export class SideloadSources {
  private readonly sources = new WeakMap<SideloadSource, WeakRef<SideloadSource>>();
  private readonly refs = new Set<WeakRef<SideloadSource>>();

  add(source: SideloadSource): void {
    if (this.sources.has(source)) return;
    const ref = new WeakRef(source);
    this.sources.set(source, ref);
    this.refs.add(ref);
  }

  remove(source: SideloadSource): void {
    const ref = this.sources.get(source);
    if (ref !== undefined) this.refs.delete(ref);
    this.sources.delete(source);
  }

  /** The directories read by a reload, each once however many nodes read it. */
  get directories(): string[] {
    return [...new Set(this.live().map((source) => source.dir))].sort();
  }

  private live(): SideloadSource[] {
    const live: SideloadSource[] = [];
    for (const ref of this.refs) {
      const source = ref.deref();
      if (source === undefined) this.refs.delete(ref);
      else live.push(source);
    }
    return live;
  }

  /**
   * Reads every directory again and hands each node the new values. Unlike Kapacitor, whose
   * `UpdateCache` empties a source before walking it and whose reload stops at the first source
   * that fails, a directory that fails keeps its old values and the others are still read; each
   * failure is returned, and the caller fails the request as Kapacitor does.
   */
  reload(read: (dir: string) => SideloadCache = readSideloadDirectory): SideloadReloadFailure[] {
    const failures: SideloadReloadFailure[] = [];
    for (const dir of this.directories) {
      let cache: SideloadCache;
      try {
        cache = read(dir);
      } catch (error) {
        failures.push({ dir, message: (error as Error).message });
        continue;
      }
      for (const source of this.live()) if (source.dir === dir) source.cache = cache;
    }
    return failures;
  }
}

/** Kapacitor's message for a failed reload (`failed to update source "DIR": ...`), one per source. */
export function sideloadReloadMessage(failures: readonly SideloadReloadFailure[]): string {
  return failures.map((failure) => `failed to update source ${JSON.stringify(failure.dir)}: ${failure.message}`).join('; ');
}
