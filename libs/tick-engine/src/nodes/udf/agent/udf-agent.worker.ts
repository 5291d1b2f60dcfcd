import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { UdfAgentConnection } from './udf-agent-connection';
import type { WorkerCommand, WorkerReport } from './udf-worker-messages';

/**
 * The thread that talks to one agent for a udf node (see SyncUdfAgent): it runs the asynchronous
 * connection and, once a command is done, posts what the agent sent meanwhile and `done`, then
 * wakes the engine's thread, which waits on the shared signal.
 */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
let connection: UdfAgentConnection | undefined;

function report(message: WorkerReport): void {
  port.postMessage(message);
}

function wake(): void {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

async function run(command: WorkerCommand): Promise<void> {
  switch (command.op) {
    case 'open':
      connection = UdfAgentConnection.open(command.name, command.config, {
        data: (response) => report({ op: 'data', response }),
        failed: (reason) => report({ op: 'failed', reason }),
        stderr: (line) => report({ op: 'stderr', line }),
      });
      // The engine's thread kills the process itself should this thread be lost (SyncUdfAgent).
      if (connection.pid !== undefined) {
        report({ op: 'started', pid: connection.pid });
        void connection.ended.then(() => report({ op: 'exited' }));
      }
      return report({ op: 'done' });
    case 'send':
      for (const request of command.requests) connection?.send(request);
      await connection?.drain();
      return report({ op: 'done' });
    case 'ask': {
      const answer = await connection?.ask(command.request);
      return report(answer === undefined ? { op: 'done' } : { op: 'done', answer });
    }
    case 'close':
      await connection?.close();
      return report({ op: 'done' });
    case 'kill':
      connection?.kill();
      // Once the process is reaped, this thread ends (only this thread: vigil's process goes on).
      await connection?.ended;
      process.exit(0);
  }
}

parentPort?.on('message', (command: WorkerCommand) => {
  run(command)
    // A failure was reported by the connection's listener; the command ends with it.
    .catch(() => report({ op: 'done' }))
    .finally(wake);
});
