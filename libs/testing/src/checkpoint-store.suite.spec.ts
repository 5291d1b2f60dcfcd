import { InMemoryCheckpointStore } from '@vigil/evaluation';
import { checkpointStoreConformance } from './checkpoint-store.suite';

let next = 0;
checkpointStoreConformance('InMemoryCheckpointStore', async () => ({ store: new InMemoryCheckpointStore(), partition: { topic: 'points', partition: (next += 2) } }));
