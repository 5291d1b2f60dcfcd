/**
 * Removes every configured secret from a text before it leaves a handler as a reason or a log
 * line. Handlers already avoid putting addresses and credentials in reasons; this is the second
 * line of defence for texts that come from elsewhere (a captured response echoing a token).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}
