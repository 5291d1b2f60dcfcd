/** One message to a topic, as the evaluator's replay producer sends it. */
export interface ReplayMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}
