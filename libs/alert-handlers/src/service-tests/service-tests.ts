import type { AlertEvent, Level } from '@vigil/core';
import { LEVELS } from '@vigil/core';
import type { HandlerConfig } from '../handler-config';
import { buildHandler, HANDLER_SPECS, type HandlerSpec } from '../handler-registry';
import { text, type ServiceTestDeclaration } from './service-test-declarations';

/** A handler's service test (declared on its HANDLER_SPECS entry) with the handler kind it builds. */
interface ServiceTestSpec extends ServiceTestDeclaration {
  readonly kind: string;
}

type Options = Readonly<Record<string, unknown>>;

/**
 * The services vigil can test (`vigil serve` and the notifier), in name order: every handler whose
 * HANDLER_SPECS entry declares a service test, so a handler added with one is listed without
 * another list to edit. Each sends one notification through vigil's own handler with the handler
 * configuration, so allow-lists and secrets apply exactly as to a task's alert.
 */
export const SERVICE_TESTS: readonly ServiceTestSpec[] = serviceTestsOf(HANDLER_SPECS);

export function serviceTestsOf(specs: readonly HandlerSpec[]): ServiceTestSpec[] {
  return specs.flatMap((spec) => (spec.serviceTest === undefined ? [] : [{ ...spec.serviceTest, kind: spec.kind }])).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Each service test with its default options under this configuration, in name order. */
export function serviceTestList(config: HandlerConfig): { readonly name: string; readonly options: Readonly<Record<string, unknown>> }[] {
  return SERVICE_TESTS.map((spec) => ({ name: spec.name, options: spec.defaults(config) }));
}

/** Kapacitor's `ServiceTestResult`. */
export interface ServiceTestResult {
  readonly success: boolean;
  readonly message: string;
}

/**
 * Sends one test notification through the service's handler: the given options over the
 * defaults (a body of `null`, as the CLI sends, takes the defaults), an event with the
 * `message` and `level` options. A refusal (an origin outside post.allowedOrigins, a missing
 * webhook) and a failed delivery are answered as Kapacitor answers them, `success` false with the
 * reason; the reasons come from the handlers, which keep secrets out of them.
 */
export async function runServiceTest(spec: ServiceTestSpec, given: Options | null, config: HandlerConfig, nowNs: bigint): Promise<ServiceTestResult> {
  const options = { ...spec.defaults(config), ...(given ?? {}) };
  const level = LEVELS.find((known) => known === String(options['level'] ?? 'CRITICAL').toUpperCase()) ?? 'CRITICAL';
  const event = testEvent(spec, text(options, 'message') ?? `test ${spec.name} message`, level, nowNs);
  try {
    const handler = buildHandler({ kind: spec.kind, ...spec.instruction(options) }, config);
    const result = await handler.send(event, { attempt: 1 });
    return result.status === 'delivered' ? { success: true, message: '' } : { success: false, message: result.reason };
  } catch (error) {
    return { success: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function testEvent(spec: ServiceTestSpec, message: string, level: Level, nowNs: bigint): AlertEvent {
  return { id: `${spec.name}-service-test`, message, details: '', time: nowNs, duration: 0n, level, previousLevel: 'OK', recoverable: true, series: [], task: 'service-test', node: spec.name, topic: '', category: '', handlers: [] };
}

export type { ServiceTestSpec };
