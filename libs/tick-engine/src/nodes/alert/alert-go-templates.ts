import { kapacitorDetailsFuncs, parseTemplate, TemplateError, type GoTemplate } from '@vigil/go-format';
import type { AlertProperties, TemplateProperty } from './alert-properties';
import { AlertTemplateData, fieldsMap, tagsMap, type ServerInfo } from './alert-template-data';
import { AlertTemplateError, type AlertTemplates } from './alert-templates';
import { AlertDefinitionError } from './tick-arguments';
import { groupStableIdTags } from './group-stable-id';


/**
 * Parses the node's templates once, when the task is built (`newAlertNode`): id and message as
 * Go text/templates, details as an html/template with `json` and `jsonCompact`. A template that
 * does not parse is a definition error at the property that set it.
 */
export function buildAlertTemplates(properties: AlertProperties, taskName: string, serverInfo: ServerInfo): AlertTemplates {
  const id = parse('id', properties.id, false);
  const message = parse('message', properties.message, false);
  const details = parse('details', properties.details, true);
  const data = new AlertTemplateData(taskName, serverInfo);
  return {
    renderId: (input) => execute(id, data.id(input)),
    groupStableIdTags: groupStableIdTags(properties.id.source),
    idSource: properties.id.source,
    renderMessageAndDetails: (input) => {
      // The message and details data share their maps: templates only read them.
      const tags = tagsMap(input.tags);
      const fields = fieldsMap(input.fields);
      const rendered = execute(message, data.message(input, tags, fields));
      return { message: rendered, details: execute(details, data.details(input, tags, fields, rendered)) };
    },
  };
}

function parse(name: string, property: TemplateProperty, html: boolean): GoTemplate {
  try {
    return parseTemplate(property.source, html ? { name, html, funcs: kapacitorDetailsFuncs } : { name, html });
  } catch (error) {
    if (error instanceof TemplateError) throw new AlertDefinitionError(property.pos, `invalid ${name} template: ${error.message}`);
    throw error;
  }
}

function execute(template: GoTemplate, data: object): string {
  try {
    return template.execute(data);
  } catch (error) {
    // Kapacitor's node returns the error and the task stops; the runtime decides what that means here.
    if (error instanceof TemplateError) throw new AlertTemplateError(error.message);
    throw error;
  }
}
