/**
 * A template as Kapacitor's template API knows it: its id, its script exactly as written, and the
 * times `handleCreateTemplate` and `handleUpdateTemplate` set (created once, modified by every
 * update), as RFC 3339 strings.
 */
export interface KapacitorTemplate {
  readonly id: string;
  readonly script: string;
  readonly created: string;
  readonly modified: string;
}
