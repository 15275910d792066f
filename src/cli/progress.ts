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
    if (now - this.lastDraw < 100 && p.keysDone < p.keysTotal) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? p.bytesDone / seconds : 0;
    const eta = rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : 0;
    const percent = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    const width = this.stream.columns ?? 100;
    const head = `${String(percent).padStart(3)}% ${p.keysDone}/${p.keysTotal} keys  ${formatBytes(rate)}/s  ETA ${formatDuration(eta)}  `;
    const shape = ` [${p.shape.join(', ')}]`;
    // A long key loses its start, which is the part shared with its neighbours; its shape always shows.
    const room = Math.max(10, width - head.length - shape.length - 1);
    const line = head + (p.key.length > room ? '…' + p.key.slice(p.key.length - room + 1) : p.key) + shape;
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
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds - 60 * m)).padStart(2, '0')}s`;
}
