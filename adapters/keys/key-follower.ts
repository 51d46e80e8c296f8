import type { Logger } from '../../src/ports/logger.port.js';

/** Runs `tick` every `intervalMs` (never two at once), logging failures once per streak; the timer does not keep the process alive. */
export class KeyFollower {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly tick: () => Promise<void>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.tick()
      .then(() => {
        if (this.failing) this.logger.info({}, 'signing keys: following the key stream again');
        this.failing = false;
      })
      .catch((error: unknown) => {
        if (!this.failing) this.logger.error({ err: errorSummary(error) }, 'signing keys: cannot read the key stream; serving the last known keys');
        this.failing = true;
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}

const errorSummary = (error: unknown): { name?: string; code?: string; message?: string } =>
  error instanceof Error ? { name: error.name, code: (error as { code?: string }).code, message: error.message } : {};
