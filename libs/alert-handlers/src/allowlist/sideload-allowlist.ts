import type { HandlerInstruction } from '@vigil/core';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError } from '../handler-options';
import { isInAllowedDirectory } from './directory-allowlist';

/**
 * Refuses a `|sideload()` source directory that sideload.allow does not hold (task definition
 * hands the node over as `{kind: 'sideload', args: [directory]}`). Kapacitor reads any directory
 * a task names; vigil refuses by default, since whoever can define a task would otherwise make
 * the evaluator read (and, from a task's alerts, reveal) any file it can open.
 */
export function checkSideloadNode(instruction: HandlerInstruction, config: HandlerConfig): void {
  const dir = instruction.args[0];
  if (typeof dir === 'string' && isInAllowedDirectory(dir, config.sideload?.allow)) return;
  throw new HandlerOptionError(
    `sideload source directory ${JSON.stringify(String(dir))} is not allowed: vigil reads sideload files only below directories listed in the handler configuration; add it (or a folder above it) to sideload.allow`,
  );
}
