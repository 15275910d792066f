import type { Progress } from '../runtime/executor/execute.js';
import { formatBytes } from '../plan/print.js';

/**
 * The progress of a run: on a terminal, one line redrawn at most ten times a second (keys done, the current key and
 * its shape, MB/s, ETA); elsewhere nothing until the summary line.
 */
export class ProgressDisplay {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly interactive: boolean,
  ) {}

  update(p: Progress): void {
    if (!this.interactive) return;
    const now = performance.now();
    const last = p.keysDone >= p.keysTotal;
    if (now - this.lastDraw < 100 && !last) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const percent = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    // A zero-width terminal (a pseudo terminal that reports no size) is laid out as a wide one.
    const width = this.stream.columns || DEFAULT_WIDTH;
    const counts = `${String(percent).padStart(3)}% ${p.keysDone}/${p.keysTotal} keys  `;
    // The last frame stays up while the file is finished; a rate there would differ from the summary's, which
    // counts that time too.
    const head = last ? `${counts}finishing the file  ` : `${counts}${rateAndEta(p, seconds)}  `;
    const shape = ` [${p.shape.join(', ')}]`;
    const room = width - head.length - shape.length - 1;
    const line = room >= MIN_KEY ? head + shortenKey(p.key, room) + shape : (head + shortenKey(p.key, MIN_KEY)).slice(0, width - 1);
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Clears the progress line before a message or the summary. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 59.5) return `${seconds.toFixed(seconds < 9.95 ? 1 : 0)}s`;
  // Rounded to whole seconds first, so that 4439.7 s is 74m00s and never 73m60s.
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  return `${m}m${String(whole - 60 * m).padStart(2, '0')}s`;
}

const DEFAULT_WIDTH = 100;
/** The fewest characters of a key worth showing. */
const MIN_KEY = 16;
/** Before this much time and progress the rate is mostly start-up cost, and an ETA from it is noise. */
const MIN_SECONDS_FOR_ETA = 1;

function rateAndEta(p: Progress, seconds: number): string {
  if (seconds < MIN_SECONDS_FOR_ETA || p.bytesDone === 0) return 'ETA …';
  const rate = p.bytesDone / seconds;
  return `${formatBytes(rate)}/s  ETA ${formatDuration((p.bytesTotal - p.bytesDone) / rate)}`;
}

/**
 * A key cut to `room` characters. The block (`input_blocks.4`, the segments up to the first number) and the end
 * (`to_q.weight`) say which tensor it is; the shared prefix before the block (`model.diffusion_model.`) and the
 * middle go first. A key without a numbered block is cut in its middle.
 */
export function shortenKey(key: string, room: number): string {
  if (key.length <= room) return key;
  const segments = key.split('.');
  const n = segments.findIndex((s) => /^\d+$/.test(s));
  if (n >= 1) {
    const block = `${segments[n - 1]}.${segments[n]}`;
    const afterBlock = key.slice(key.indexOf(`.${block}`) + block.length + 1);
    const shortened = `…${block}`;
    if (shortened.length + afterBlock.length <= room) return shortened + afterBlock;
    const tail = room - shortened.length - 1;
    if (tail >= 4) return `${shortened}…${afterBlock.slice(afterBlock.length - tail)}`;
  }
  const start = Math.ceil((room - 1) / 2);
  const end = room - 1 - start;
  return key.slice(0, start) + '…' + (end > 0 ? key.slice(key.length - end) : '');
}
