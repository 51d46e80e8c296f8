/**
 * POST /oauth2/token ahead of the router. The token endpoint is the hot path, and walking express's
 * fourteen routers and their layers before its answer took about a tenth of the request thread's
 * time in our profiles (router, parseurl, body-parser, raw-body, on-finished). A token request without an
 * Origin (a server, not a browser: no CORS to answer) is handed straight to the same handler the
 * router mounts (token.route.ts `tokenEndpoint`): same use cases, same error table, same spec. The
 * request first gets express's request/response prototypes (req.ip with TRUST_PROXY, res.status…)
 * exactly as express's own `app.handle` gives them, then runs the steps every request runs
 * (http-app.ts `everyRequest`). Anything else — another path or method, a query string, an Origin —
 * goes to the express app unchanged.
 */
import type { RequestListener } from 'node:http';
import type { Express, Request, RequestHandler, Response } from 'express';
import { TOKEN_PATH } from '../routes/token.route.js';

/** What express's Router leaves on `req.route` for the route that answers (read by the metrics and the request log). */
const TOKEN_ROUTE = Object.freeze({ path: TOKEN_PATH });

export function withTokenFastPath(app: Express, everyRequest: readonly RequestHandler[], tokenEndpoint: RequestHandler): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== TOKEN_PATH || req.headers.origin !== undefined) {
      app(req, res);
      return;
    }
    const request = Object.setPrototypeOf(req, app.request) as Request;
    const response = Object.setPrototypeOf(res, app.response) as Response;
    request.res = response;
    response.req = request;
    response.locals = Object.create(null) as Response['locals'];
    request.originalUrl = TOKEN_PATH;
    request.baseUrl = '';
    request.params = {};
    request.route = TOKEN_ROUTE;
    for (const step of everyRequest) step(request, response, noop);
    // The endpoint answers its own errors (oauthHandler); it rethrows only one raised after the answer
    // started, which leaves nothing to do but end the connection, as express's final handler does.
    Promise.resolve(tokenEndpoint(request, response, noop)).catch(() => req.socket.destroy());
  };
}

function noop(): void {}
