import { recordLogConformance } from '@vigil/testing';
import { InMemoryLog } from './in-memory-log.test';

// The loops' specs stand InMemoryLog in for FileRecordLog: it must keep the same rules.
recordLogConformance('InMemoryLog', async () => ({ log: new InMemoryLog() }));
