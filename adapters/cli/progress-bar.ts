import type { Writable } from 'node:stream';

/** A one-line progress bar redrawn in place; only for terminals. */
export function progressBar(out: Writable, label: string, width = 30): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const percent = Math.floor(ratio * 100);
    if (percent === last && done !== total) return;
    last = percent;
    const filled = Math.round(ratio * width);
    out.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% (${done}/${total})`);
    if (done >= total) out.write('\n');
  };
}
