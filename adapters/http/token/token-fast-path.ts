/**
 * POST /oauth2/token ahead of the router. The token endpoint is the hot path, and walking express's
 * fourteen routers and their layers before its answer took about a tenth of the request thread's
 * time in our profiles (router, parseurl, body-parser, raw-body, on-finished). A token request without an
 * Origin (a server, not a browser: no CORS to answer) is handed straight to the same handler the
 * router mounts (token.route.ts `tokenEndpoint`): same use cases, same error table, same spec.
 * Anything else — another path or method, a query string, an Origin — goes to the express app unchanged.
 *
 * The request and response stay node's own: the endpoint reads them through node's API only
 * (HttpRequest). Express gives every request its prototypes with Object.setPrototypeOf, and on
 * this path that one call cost more than the ES256 signature: a bare node:http answer went from
 * ~50 to ~115 µs of server CPU with it, and to ~160 µs with express's properties added, as it sends
 * node's own http code and everything that touches the objects down its slow paths (the request
 * thread's CPU per client_credentials grant fell from ~380 to ~245 µs without it). So the
 * fast path sets only what the endpoint reads from express: `ip`, from X-Forwarded-For exactly as
 * TRUST_PROXY allows (express's own `req.ip` does the same proxy-addr call with the function
 * `app.set('trust proxy')` compiled), and `route`, as the router would, for metrics and logs.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express } from 'express';
import proxyaddr from 'proxy-addr';
import type { HttpRequest, RequestStep } from '../http-request.js';
import { TOKEN_PATH } from '../routes/token.route.js';

/** What express's Router leaves on `req.route` for the route that answers (read by the metrics and the request log). */
const TOKEN_ROUTE = Object.freeze({ path: TOKEN_PATH });

type TrustProxy = (address: string, hop: number) => boolean;
type FastRequest = IncomingMessage & { ip?: string; route?: unknown };

export function withTokenFastPath(app: Express, everyRequest: readonly RequestStep[], tokenEndpoint: (req: HttpRequest, res: ServerResponse) => Promise<void>): RequestListener {
  const trust = app.get('trust proxy fn') as TrustProxy;
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== TOKEN_PATH || req.headers.origin !== undefined) {
      app(req, res);
      return;
    }
    const request = req as FastRequest;
    request.ip = proxyaddr(req, trust);
    request.route = TOKEN_ROUTE;
    for (const step of everyRequest) step(request, res, noop);
    // The endpoint answers its own errors (oauthHandler); it rethrows only one raised after the answer
    // started, which leaves nothing to do but end the connection, as express's final handler does.
    tokenEndpoint(request, res).catch(() => req.socket.destroy());
  };
}

function noop(): void {}
