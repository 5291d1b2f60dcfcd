import type { BrokerDelivery } from './alert-broker';
import type { ProviderRequest } from './demo-scenario';
import type { PayloadVerdict } from './payload-check';

/**
 * What the demo prints: one line per thing started, per request written and per payload received,
 * each payload followed by its raw bytes on a line of their own (what vigil sent, unchanged), and
 * indented with --pretty. Colours only on a terminal, and never with NO_COLOR set.
 */
export class DemoOutput {
  private readonly colour: boolean;
  private readonly pretty: boolean;

  constructor(
    private readonly write: (text: string) => void,
    options: { readonly terminal: boolean; readonly pretty: boolean },
  ) {
    this.colour = options.terminal && (process.env['NO_COLOR'] ?? '') === '';
    this.pretty = options.pretty;
  }

  title(text: string): void {
    this.write(`${this.paint('1', text)}\n`);
  }

  say(what: string, detail: string): void {
    this.write(`  ${this.paint('36', what.padEnd(9))} ${detail}\n`);
  }

  request(request: ProviderRequest): void {
    const clock = request.timeNs === undefined ? '' : `${clockOf(request.timeNs)}  `;
    const summary = request.failed === undefined ? request.summary : this.paint(request.failed ? '31' : '32', request.summary);
    this.write(`  ${this.paint('2', 'request  ')} ${clock}${summary}\n`);
  }

  payload(delivery: BrokerDelivery, verdict: PayloadVerdict): void {
    const facts = factsOf(delivery.body);
    const level = facts.level === 'CRITICAL' ? this.paint('1;31', facts.level) : this.paint('1;32', facts.level);
    const check = verdict.kind === 'expected' ? this.paint('32', `as expected (${verdict.position}/${verdict.of} for this id)`) : this.paint('1;31', 'NOT EXPECTED');
    this.write(`  ${this.paint('1;35', 'broker   ')} ${delivery.method} ${delivery.path}  ${facts.id}  ${level}  (was ${facts.previousLevel})  ${check}\n`);
    // The bytes as received; Kapacitor's post handler (and vigil's) ends them with a newline already.
    this.write(delivery.body.endsWith('\n') ? delivery.body : `${delivery.body}\n`);
    if (verdict.kind === 'unexpected') this.write(`  ${this.paint('31', verdict.reason)}\n`);
    if (this.pretty && facts.parsed !== undefined) this.write(`${JSON.stringify(facts.parsed, null, 2)}\n`);
  }

  success(text: string): void {
    this.write(`${this.paint('1;32', text)}\n`);
  }

  failure(text: string): void {
    this.write(`${this.paint('1;31', text)}\n`);
  }

  private paint(code: string, text: string): string {
    return this.colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

/** HH:MM:SS.mmm (UTC) of a point time in nanoseconds. */
function clockOf(timeNs: bigint): string {
  return new Date(Number(timeNs / 1_000_000n)).toISOString().slice(11, 23);
}

function factsOf(body: string): { id: string; level: string; previousLevel: string; parsed: unknown } {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; level?: unknown; previousLevel?: unknown };
    return { id: String(parsed.id ?? '?'), level: String(parsed.level ?? '?'), previousLevel: String(parsed.previousLevel ?? '?'), parsed };
  } catch {
    return { id: '?', level: '?', previousLevel: '?', parsed: undefined };
  }
}
