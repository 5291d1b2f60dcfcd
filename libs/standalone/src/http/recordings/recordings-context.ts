import type { RecordingService } from '../../recordings/recording-service';
import type { RecordingStore } from '../../recordings/recording-store';

/** Nest token of the replay service the recording and replay routes use. */
export const RECORDINGS_CONTEXT = Symbol('RECORDINGS_CONTEXT');

export interface RecordingsContext {
  readonly store: RecordingStore;
  readonly service: RecordingService;
}
