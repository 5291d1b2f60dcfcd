/** The Authorization value of HTTP basic auth (RFC 7617) for these credentials. */
export function basicAuthHeader(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

/**
 * The credentials of a URL's userinfo, percent-decoded (as Go's url.User does), or undefined when
 * it has none. A part that does not decode is taken as written.
 */
export function urlCredentials(url: URL): { readonly username: string; readonly password: string } | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return { username: decodedOrRaw(url.username), password: decodedOrRaw(url.password) };
}

function decodedOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
