// The replays are shared with the evaluators' (@vigil/evaluation); vigil serve reads their input from its own files.
export { runBatchReplayTask, runReplayTask, type BatchReplayRun, type ReplayOutcome, type ReplayRun } from '@vigil/evaluation';
