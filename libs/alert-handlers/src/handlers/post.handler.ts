import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import type { GoTemplate } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { failed } from '../handler';
import { checkPostUrlAllowed, originOf } from '../allowlist/post-allowlist';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig, type PostEndpointConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, durationOptionMs, flagOption, lastOption, stringArg, stringOption } from '../handler-options';
import { basicAuthHeader, postOnce } from '../http-deliver';
import { alertTemplateData, parsePostTemplate, renderPostTemplate } from './post-template';

export interface PostHandlerOptions {
  /** Kapacitor's URL is a text/template over the alert data; a fixed URL is a template too. */
  readonly url: GoTemplate;
  /**
   * The URL when its template has no action (`{{`), so renders to itself: then a send needs no
   * template data (in a burst, building it for every event was a visible part of a delivery).
   */
  readonly fixedUrl?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Replaces the JSON body when the endpoint configures one; then no Content-Type is added. */
  readonly alertTemplate?: GoTemplate;
  readonly timeoutMs: number;
  readonly target: string;
  readonly secrets: readonly string[];
  readonly captureResponse: boolean;
  /** Set for a script URL while post.allowedOrigins is: each rendered URL is checked again. */
  readonly allowedOrigins?: readonly string[];
}

/**
 * Kapacitor's `.post()`: the alert JSON plus a newline (Go's json.Encoder), as
 * `application/json`, to a URL or a named endpoint. Kapacitor fires once and forgets; vigil
 * reports the outcome so the notifier can retry.
 */
export class PostHandler implements Handler {
  readonly kind = 'post';

  private readonly fixedOrigin: string | undefined;

  constructor(private readonly options: PostHandlerOptions) {
    this.fixedOrigin = options.fixedUrl === undefined ? undefined : originOf(options.fixedUrl);
  }

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    let data: object | undefined;
    const dataOf = (): object => (data ??= alertTemplateData(event));
    const url = this.options.fixedUrl !== undefined ? { ok: true as const, text: this.options.fixedUrl } : renderPostTemplate(this.options.url, dataOf());
    if (!url.ok) return Promise.resolve(failed(false, `${this.options.target}: URL template failed: ${url.error}`));
    const refusal = this.options.allowedOrigins ? refusalOf(url.text, this.options.allowedOrigins) : undefined;
    if (refusal !== undefined) return Promise.resolve(failed(false, refusal));
    const headers: Record<string, string> = { ...this.options.headers };
    let body: string;
    if (this.options.alertTemplate) {
      const rendered = renderPostTemplate(this.options.alertTemplate, dataOf());
      if (!rendered.ok) return Promise.resolve(failed(false, `${this.options.target}: alert template failed: ${rendered.error}`));
      body = rendered.text;
    } else {
      body = (context.alertJson ?? encodeAlertEvent(event)) + '\n';
      headers['Content-Type'] = 'application/json';
    }
    return postOnce({ ...this.options, url: url.text, headers, body }, context);
  }

  /** The rendered URL's origin: a templated URL may send different events to different receivers. */
  targetOrigin(event: AlertEvent): string | undefined {
    if (this.options.fixedUrl !== undefined) return this.fixedOrigin;
    const url = renderPostTemplate(this.options.url, alertTemplateData(event));
    return url.ok ? originOf(url.text) : undefined;
  }
}

/** Why a rendered URL may not be posted to, or undefined; the build checked the fixed part, this is the backstop. */
function refusalOf(url: string, allowedOrigins: readonly string[]): string | undefined {
  try {
    checkPostUrlAllowed(url, { allowedOrigins });
    return undefined;
  } catch (error) {
    if (error instanceof HandlerOptionError) return error.message;
    throw error;
  }
}

/** Where a `.post()` instruction sends: a configured endpoint, or the URL the script wrote. */
export type PostTarget =
  | { readonly kind: 'endpoint'; readonly name: string; readonly endpoint: PostEndpointConfig }
  | { readonly kind: 'url'; readonly url: string };

/** As in Kapacitor, a configured endpoint wins; the script URL is used when there is none. Undefined when neither exists. */
export function postTargetOf(instruction: HandlerInstruction, config: HandlerConfig): PostTarget | undefined {
  checkOptionNames(instruction);
  const endpointName = stringOption(instruction, 'endpoint');
  const scriptUrl = stringArg(instruction, 0, 'the URL') ?? '';
  const name = endpointName ?? 'default';
  const endpoint = config.post?.endpoints?.[name];
  if (endpoint && (endpointName !== undefined || scriptUrl === '')) return { kind: 'endpoint', name, endpoint };
  return scriptUrl === '' ? undefined : { kind: 'url', url: scriptUrl };
}

/** Refuses a script URL outside post.allowedOrigins; a configured endpoint is always allowed. */
export function checkPostInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  const target = postTargetOf(instruction, config);
  if (target?.kind === 'url') checkPostUrlAllowed(target.url, config.post);
}

/**
 * An `|httpPost()` node as task definition hands it over (`{kind: 'httpPost'}`, with its URL or its
 * `.endpoint()`): its URL must pass post.allowedOrigins as a `.post()` URL does, and the endpoint
 * it names must be configured, since the engine posts to it from the process that runs the task
 * (Kapacitor refuses such a task to start: "endpoint does not exist").
 */
export function checkHttpPostNode(instruction: HandlerInstruction, config: HandlerConfig): void {
  const name = lastOption(instruction, 'endpoint')?.[0];
  if (name === undefined) {
    const url = stringArg(instruction, 0, 'the URL');
    if (url !== undefined) checkPostUrlAllowed(url, config.post);
    return;
  }
  if (config.post?.endpoints?.[String(name)] !== undefined) return;
  const known = Object.keys(config.post?.endpoints ?? {});
  throw new HandlerOptionError(
    `endpoint '${String(name)}' does not exist: add post.endpoints.${String(name)} (url, headers, basicAuth) to the handler configuration` + (known.length > 0 ? ` (configured: ${known.join(', ')})` : ''),
  );
}

export function buildPostHandler(instruction: HandlerInstruction, config: HandlerConfig): PostHandler {
  const target = postTargetOf(instruction, config);
  if (target === undefined) {
    const name = stringOption(instruction, 'endpoint') ?? 'default';
    throw new HandlerOptionError(`.post() has no URL and no endpoint "${name}" is configured; add it under post.endpoints or pass a URL`);
  }
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  let url: string;
  let alertTemplate: GoTemplate | undefined;
  if (target.kind === 'endpoint') {
    const { endpoint } = target;
    url = endpoint.url;
    Object.assign(headers, endpoint.headers ?? {});
    secrets.push(...Object.values(endpoint.headers ?? {}));
    if (endpoint.basicAuth) {
      headers['Authorization'] = basicAuthHeader(endpoint.basicAuth.username, endpoint.basicAuth.password);
      secrets.push(endpoint.basicAuth.password, headers['Authorization']);
    }
    if (endpoint.alertTemplate !== undefined) alertTemplate = parsePostTemplate(endpoint.alertTemplate, 'alert template');
  } else {
    url = target.url;
    checkPostUrlAllowed(url, config.post);
  }
  if (!url.includes('{{')) checkUrl(url, 'post');
  for (const args of allOptions(instruction, 'header')) {
    const [key, value] = args;
    if (args.length !== 2 || typeof key !== 'string' || typeof value !== 'string') {
      throw new HandlerOptionError(".post().header() takes a name and a value, e.g. .header('X-Team', 'ops')");
    }
    // Kapacitor refuses this one header name so a script cannot override the endpoint's credentials.
    if (key.toLowerCase() === 'authenticate') throw new HandlerOptionError('.post().header() may not set Authenticate; configure credentials on a named endpoint');
    headers[key] = value;
  }
  return new PostHandler({
    url: parsePostTemplate(url, 'URL'),
    ...(url.includes('{{') ? {} : { fixedUrl: url }),
    headers,
    ...(alertTemplate ? { alertTemplate } : {}),
    timeoutMs: durationOptionMs(instruction, 'timeout') ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    target: target.kind === 'endpoint' ? `post endpoint "${target.name}"` : 'post URL',
    ...(target.kind === 'url' && config.post?.allowedOrigins !== undefined ? { allowedOrigins: config.post.allowedOrigins } : {}),
    secrets,
    captureResponse: flagOption(instruction, 'captureResponse'),
  });
}

export function checkUrl(url: string, kind: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HandlerOptionError(`.${kind}() needs an absolute http(s) URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new HandlerOptionError(`.${kind}() needs an http or https URL`);
}
