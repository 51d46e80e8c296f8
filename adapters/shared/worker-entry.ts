/**
 * The file a worker thread starts from. Compiled (`npm run build`, dist/…/*.js) the worker's own
 * `.js` file runs as is; from TypeScript sources (tsx, vitest) a worker does not inherit the
 * loader of the thread that started it, so it starts from a small `.entry.mjs` that registers tsx
 * first. The compiled server therefore never loads tsx.
 */
export function workerEntry(moduleUrl: string, name: string): URL {
  const fromSources = new URL(moduleUrl).pathname.endsWith('.ts');
  return new URL(fromSources ? `./${name}.entry.mjs` : `./${name}.worker.js`, moduleUrl);
}
