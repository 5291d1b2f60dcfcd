import type { Fields, Level, Tags } from '@vigil/core';

/** What the id template sees (Kapacitor's idInfo), before the level is known. */
export interface IdTemplateInput {
  /** Measurement name. */
  readonly name: string;
  /** Group id; '' for the nil group (rendered as `nil`). */
  readonly group: string;
  /** All tags of the point (the group's tags for a batch). */
  readonly tags: Tags;
}

/** What the message and details templates see in addition (messageInfo, detailsInfo). */
export interface MessageTemplateInput extends IdTemplateInput {
  readonly id: string;
  readonly fields: Fields;
  readonly level: Level;
  /** Event time, ns. */
  readonly time: bigint;
  /** Streak duration, ns. */
  readonly duration: bigint;
}

/**
 * The alert node's three templates, parsed once when the task is built. Rendering can throw
 * (a Go template execution error), which stops the task as it does in Kapacitor.
 */
export interface AlertTemplates {
  renderId(input: IdTemplateInput): string;
  /**
   * The tags the id template reads when it reads nothing else that varies within a group and
   * measurement (see group-stable-id.ts); undefined when the id must be rendered for every point.
   */
  readonly groupStableIdTags: readonly string[] | undefined;
  /** The id template's text, to tell whether groups can share an id (group-stable-id.ts). */
  readonly idSource: string;
  renderMessageAndDetails(input: MessageTemplateInput): { readonly message: string; readonly details: string };
}

/** A template that failed while rendering an event; Kapacitor stops the task on it. */
export class AlertTemplateError extends Error {
  override readonly name = 'AlertTemplateError';
}
