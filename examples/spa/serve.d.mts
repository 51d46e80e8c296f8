/** Types of serve.mjs, for the browser tests that serve this example. */
export interface SpaConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Only for the confidential case: the seed's code sends it from the browser. */
  readonly clientSecret?: string;
}

export interface SpaServer {
  readonly url: string;
  close(): Promise<void>;
}

export function configScript(config: SpaConfig): string;
export function startSpaServer(options: { config: SpaConfig; host?: string; port?: number; urlHost?: string }): Promise<SpaServer>;
