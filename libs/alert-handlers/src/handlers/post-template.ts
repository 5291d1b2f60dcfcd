import { type AlertEvent, Unsigned } from '@vigil/core';
import { type GoTemplate, GoDuration, GoMap, GoTime, TemplateError, parseTemplate } from '@vigil/go-format';
import { HandlerOptionError } from '../handler-options';

/**
 * The data Kapacitor's httppost templates (URL and `alert-template`) see: alert.Data with its Go
 * field names, `.Data.Series` rows as models.Row (Name, Tags, Columns, Values with the time cell
 * as a time.Time).
 */
export function alertTemplateData(event: AlertEvent): object {
  return {
    ID: event.id,
    Message: event.message,
    Details: event.details,
    Time: new GoTime(event.time),
    Duration: new GoDuration(event.duration),
    Level: event.level,
    Data: {
      Series: event.series.map((row) => ({
        Name: row.name,
        Tags: new GoMap<string>(Object.entries(row.tags), ''),
        Columns: row.columns,
        Values: row.values.map((values) =>
          values.map((cell, i) => (i === 0 && row.columns[0] === 'time' && typeof cell === 'bigint' ? new GoTime(cell) : cell instanceof Unsigned ? cell.value : cell)),
        ),
      })),
    },
    PreviousLevel: event.previousLevel,
    Recoverable: event.recoverable,
  };
}

/** Parses a text/template at handler build time so a broken template fails before any event. */
export function parsePostTemplate(source: string, what: string): GoTemplate {
  try {
    return parseTemplate(source, { name: what, html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.post() ${what} does not parse: ${error.message}`);
    throw error;
  }
}

/** Runs a template; an execution error is returned, not thrown, since the event cannot be sent. */
export function renderPostTemplate(template: GoTemplate, data: object): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: template.execute(data) };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, error: error.message };
    throw error;
  }
}
