/** One message to a topic, as the evaluator's replay producer sends it. */
export interface ReplayMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Where a send's messages went (AckedProducer's DeliveredBatch): a recording keeps its chunks' offsets. */
export interface SentBatch {
  readonly partition: number;
  /** The offset of the send's first message, decimal. */
  readonly baseOffset: string;
}
