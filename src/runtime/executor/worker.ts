import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ioError } from '../errors.js';
import { openModel } from '../safetensors/sharded.js';
import type { TensorReader } from '../safetensors/reader.js';
import { KERNELS } from '../methods/index.js';
import { KeyComputer, outputBytes } from './compute.js';
import { serializeError, type ResultMessage, type TaskMessage, type WorkerInit } from './protocol.js';

/**
 * A worker thread: opens the inputs once, then computes the keys it is sent, one at a time, each into its slot of
 * the arena and from there into the output file at the key's offset (the main thread only accounts for it).
 */

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
    writeOutput(out, task.fileOffset);
    reply = { id: task.id, ok: true, nonFinite };
    parentPort!.postMessage(reply);
  } catch (error) {
    reply = { id: task.id, ok: false, error: serializeError(error) };
    parentPort!.postMessage(reply);
  }
});

function writeOutput(bytes: Uint8Array, position: number): void {
  try {
    for (let done = 0; done < bytes.byteLength; ) {
      done += writeSync(init.output.descriptor, bytes, done, Math.min(1 << 30, bytes.byteLength - done), position + done);
    }
  } catch (error) {
    throw ioError(init.output.path, 'write the output', error);
  }
}

parentPort!.on('close', () => {
  for (const r of readers) r.close();
});
