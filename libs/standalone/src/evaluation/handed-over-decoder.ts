import type { Point } from '@vigil/core';
import { MessageDecoder, type DecodedMessage, type InputMessage } from '@vigil/evaluation';

/** A point-log record as a message whose points are already parsed (HandoverPointLog). */
export interface HandedOverMessage extends InputMessage {
  readonly points: readonly Point[];
}

/**
 * The evaluation loop's decoder: a message that carries its points is taken as it is, anything
 * else (records read back from the file) goes through `decoder`. It extends MessageDecoder only
 * because the worker's port is that class.
 */
export class HandedOverDecoder extends MessageDecoder {
  constructor(private readonly decoder: MessageDecoder) {
    super({ defaultDatabase: '', defaultRetentionPolicy: '' });
  }

  override decode(message: InputMessage): DecodedMessage | Promise<DecodedMessage> {
    if (!('points' in message)) return this.decoder.decode(message);
    const { points } = message as HandedOverMessage;
    return { offset: BigInt(message.offset), points, errors: 0, headers: message.headers, timestampMs: message.timestampMs };
  }
}
