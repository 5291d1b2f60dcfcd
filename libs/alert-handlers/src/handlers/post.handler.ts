import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, durationOptionMs, flagOption, stringArg, stringOption } from '../handler-options';
import { basicAuthHeader, postOnce } from '../http-deliver';

export interface PostHandlerOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly target: string;
  readonly secrets: readonly string[];
  readonly captureResponse: boolean;
}

/**
 * Kapacitor's `.post()`: the alert JSON plus a newline (Go's json.Encoder), as
 * `application/json`, to a URL or a named endpoint. Kapacitor fires once and forgets; vigil
 * reports the outcome so the notifier can retry.
 */
export class PostHandler implements Handler {
  readonly kind = 'post';

  constructor(private readonly options: PostHandlerOptions) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const body = encodeAlertEvent(event) + '\n';
    return postOnce({ ...this.options, body }, context);
  }
}

export const POST_OPTIONS = ['endpoint', 'header', 'timeout', 'captureResponse', 'skipSSLVerification'] as const;

export function buildPostHandler(instruction: HandlerInstruction, config: HandlerConfig): PostHandler {
  checkOptionNames(instruction, POST_OPTIONS);
  const endpointName = stringOption(instruction, 'endpoint');
  const scriptUrl = stringArg(instruction, 0, 'the URL');
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const secrets: string[] = [];
  let url: string;
  let target: string;
  if (scriptUrl !== undefined && scriptUrl !== '') {
    if (scriptUrl.includes('{{')) {
      throw new HandlerOptionError('.post() URL templates are not supported yet; use a fixed URL or .endpoint()');
    }
    url = scriptUrl;
    target = 'post URL';
  } else {
    const name = endpointName ?? 'default';
    const endpoint = config.post?.endpoints?.[name];
    if (!endpoint) {
      throw new HandlerOptionError(`.post() has no URL and no endpoint "${name}" is configured; add it under post.endpoints or pass a URL`);
    }
    url = endpoint.url;
    target = `post endpoint "${name}"`;
    Object.assign(headers, endpoint.headers ?? {});
    secrets.push(...Object.values(endpoint.headers ?? {}));
    if (endpoint.basicAuth) {
      headers['Authorization'] = basicAuthHeader(endpoint.basicAuth.username, endpoint.basicAuth.password);
      secrets.push(endpoint.basicAuth.password, headers['Authorization']);
    }
  }
  checkUrl(url, 'post');
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
    url,
    headers,
    timeoutMs: durationOptionMs(instruction, 'timeout') ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    target,
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
