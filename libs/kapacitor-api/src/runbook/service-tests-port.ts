/** One service `service-tests` lists: Kapacitor's service name and its default test options. */
export interface ServiceTestView {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Kapacitor's `ServiceTestResult`: a test that ran, whether the notification went out, and why not. */
export interface ServiceTestOutcome {
  readonly success: boolean;
  readonly message: string;
}

/**
 * Where a mode runs its service tests: `vigil serve` with its own handlers, ingest by asking a
 * notifier (the handlers and their secrets live there). A mode that cannot reach the place
 * throws ServiceTestsUnavailable, which the route answers 503 with its message.
 */
export interface ServiceTests {
  list(): Promise<readonly ServiceTestView[]>;
  /** Runs one test with the given options (null takes the defaults); undefined when no service has that name. */
  run(name: string, options: Readonly<Record<string, unknown>> | null): Promise<ServiceTestOutcome | undefined>;
}

/** The service tests could not be run or listed where they live; the message says what and where. */
export class ServiceTestsUnavailable extends Error {
  override readonly name = 'ServiceTestsUnavailable';
}

/** The Nest token of the ServiceTests. */
export const SERVICE_TESTS = Symbol('ServiceTests');
