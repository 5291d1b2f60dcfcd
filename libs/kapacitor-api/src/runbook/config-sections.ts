/** A link as Kapacitor's config API writes it. */
export interface ConfigLink {
  readonly rel: 'self';
  readonly href: string;
}

/** Kapacitor's `client.ConfigElement`: options, and the names of those redacted (shown as whether they are set). */
export interface ConfigElement {
  readonly link: ConfigLink;
  readonly options: Readonly<Record<string, unknown>>;
  readonly redacted: readonly string[];
}

export interface ConfigSection {
  readonly link: ConfigLink;
  readonly elements: readonly ConfigElement[];
}

export interface ConfigSections {
  readonly link: ConfigLink;
  readonly sections: Readonly<Record<string, ConfigSection>>;
}

/** A secret option: shown as whether it is set, and named in `redacted`. */
export interface Secret {
  readonly secret: unknown;
}

/** An element's options as a mode gives them; `{ secret }` ones are redacted. */
export type ConfigOptions = Readonly<Record<string, Secret | unknown>>;

/** One element of a section: its key (none for a section of one element) and its options. */
export interface ConfigEntry {
  readonly key?: string;
  readonly options: ConfigOptions;
}

const BASE = '/kapacitor/v1/config';

/**
 * Kapacitor's `GET /kapacitor/v1/config` document (`services/config`) from a mode's sections:
 * every `{ secret }` option becomes whether it is set and is listed in `redacted`, as Kapacitor's
 * redact walker shows it, so no secret ever leaves the process through this route.
 */
export function configSectionsOf(sections: Readonly<Record<string, readonly ConfigEntry[]>>): ConfigSections {
  const shown: Record<string, ConfigSection> = {};
  for (const [name, entries] of Object.entries(sections)) shown[name] = { link: link(name), elements: entries.map(({ key, options }) => element(name, key, options)) };
  return { link: { rel: 'self', href: BASE }, sections: shown };
}

function link(...parts: string[]): ConfigLink {
  return { rel: 'self', href: [BASE, ...parts].join('/') };
}

function element(section: string, key: string | undefined, options: ConfigOptions): ConfigElement {
  const shown: Record<string, unknown> = {};
  const redacted: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === 'object' && value !== null && 'secret' in value) {
      shown[name] = Boolean((value as Secret).secret);
      redacted.push(name);
    } else {
      shown[name] = value;
    }
  }
  return { link: key === undefined ? link(section, '') : link(section, key), options: shown, redacted };
}

/**
 * A URL without its user info and query, either of which may hold a credential (`?token=`);
 * text that is not a URL (an empty default) is shown as it is.
 */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url === '' ? '' : '[redacted]';
  }
  const query = parsed.search === '' ? '' : '?[redacted]';
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}
