// Runs in a worker thread: draws words for the keys it is sent, in the order given, and posts them back.
import { parentPort } from 'node:worker_threads';
import { RandomStream } from '../../src/runtime/random/stream.js';

interface Job {
  seed: number;
  domain: string;
  keys: string[];
  stream: number;
  count: number;
}

parentPort!.once('message', (job: Job) => {
  const out: Record<string, Uint32Array> = {};
  for (const key of job.keys) {
    const words = new Uint32Array(job.count);
    RandomStream.of(job.seed, job.domain, key, job.stream).fillUint32(words, 0);
    out[key] = words;
  }
  parentPort!.postMessage(out);
});
