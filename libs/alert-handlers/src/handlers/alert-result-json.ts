import { type AlertEvent, encodeAlertEvent } from '@vigil/core';

/**
 * The `data` object of the alert JSON, byte for byte: what Kapacitor marshals when a service
 * embeds the models.Result of an event (OpsGenie's description, Alerta's rawData).
 */
export function alertResultJson(event: AlertEvent): string {
  const json = encodeAlertEvent(event);
  return json.slice(json.indexOf(',"data":') + ',"data":'.length, json.lastIndexOf(',"previousLevel":"'));
}
