import { parentPort, workerData } from 'node:worker_threads';
import { openModel } from '../safetensors/sharded.js';
import type { TensorReader } from '../safetensors/reader.js';
import { KERNELS } from '../methods/index.js';
import { KeyComputer, outputBytes } from './compute.js';
import { serializeError, type ResultMessage, type TaskMessage, type WorkerInit } from './protocol.js';

/** A worker thread: opens the inputs once, then computes the keys it is sent, one at a time. */

const init = workerData as WorkerInit;
const readers: TensorReader[] = [];
let startupError: unknown;
try {
  for (const path of init.inputs) readers.push(openModel(path));
} catch (error) {
  startupError = error;
}
const computer = new KeyComputer(KERNELS, init.workDtype);

parentPort!.on('message', (task: TaskMessage) => {
  let reply: ResultMessage;
  try {
    if (startupError) throw startupError;
    const out = new Uint8Array(init.arena, task.offset, outputBytes(task.key));
    const nonFinite = computer.compute(task.key, readers, out);
    reply = { id: task.id, ok: true, nonFinite };
    parentPort!.postMessage(reply);
  } catch (error) {
    reply = { id: task.id, ok: false, error: serializeError(error) };
    parentPort!.postMessage(reply);
  }
});

parentPort!.on('close', () => {
  for (const r of readers) r.close();
});
