#!/usr/bin/env node
// A one-file static server for the SPA example (no dependencies).
//   node examples/spa/serve.mjs --issuer http://localhost:3000 --client-id APP_ID [--client-secret S]
//                               [--port 8080] [--host localhost]
// Serves index.html (the seed's JavaScript) at / , /callback and /logged-out, oidc-client-ts.html at
// /oidc/ , /oidc/callback and /oidc/logged-out, and /config.js built from the options.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = new URL('./', import.meta.url);
const OIDC_BUNDLE = new URL('../../node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js', import.meta.url);
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** URL path -> [file, content type]. Anything else is a 404. */
const ROUTES = new Map([
  ['/', [new URL('index.html', here), HTML]],
  ['/callback', [new URL('index.html', here), HTML]],
  ['/logged-out', [new URL('index.html', here), HTML]],
  ['/app.js', [new URL('app.js', here), JS]],
  ['/oidc', [new URL('oidc-client-ts.html', here), HTML]],
  ['/oidc/', [new URL('oidc-client-ts.html', here), HTML]],
  ['/oidc/callback', [new URL('oidc-client-ts.html', here), HTML]],
  ['/oidc/logged-out', [new URL('oidc-client-ts.html', here), HTML]],
  ['/oidc-client-ts-app.js', [new URL('oidc-client-ts-app.js', here), JS]],
  ['/vendor/oidc-client-ts.min.js', [OIDC_BUNDLE, JS]],
]);

/** `window.SPA_CONFIG = {...}`, safe to put in a script (no `<` survives). */
export function configScript(config) {
  const { issuer, clientId, clientSecret } = config;
  return `window.SPA_CONFIG = ${JSON.stringify({ issuer, clientId, clientSecret }).replace(/</g, '\\u003c')};\n`;
}

/**
 * Starts the static server on host:port. `config`: { issuer, clientId, clientSecret? }. Resolves to
 * its base URL (http://urlHost:port; urlHost defaults to host) and a close function.
 */
export function startSpaServer({ config, host = 'localhost', port = 8080, urlHost = host }) {
  const script = configScript(config);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/config.js') {
      res.writeHead(200, { ...headers, 'Content-Type': JS }).end(script);
      return;
    }
    const route = ROUTES.get(path);
    if (route === undefined) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      const body = await readFile(route[0]);
      res.writeHead(200, { ...headers, 'Content-Type': route[1] }).end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`missing ${fileURLToPath(route[0])}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${urlHost}:${typeof address === 'object' && address ? address.port : port}`;
      resolve({ url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

const USAGE = 'usage: node examples/spa/serve.mjs --client-id APP_ID [--client-secret SECRET] [--issuer URL] [--port 8080] [--host localhost]';

function parseOptions(args) {
  const { values } = parseArgs({
    args,
    options: {
      issuer: { type: 'string', default: 'http://localhost:3000' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      host: { type: 'string', default: 'localhost' },
      port: { type: 'string', default: '8080' },
    },
  });
  const port = Number(values.port);
  if (values['client-id'] === undefined) throw new Error('--client-id is required');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);
  if (!URL.canParse(values.issuer)) throw new Error(`bad --issuer ${values.issuer}`);
  const config = { issuer: values.issuer.replace(/\/+$/, ''), clientId: values['client-id'], clientSecret: values['client-secret'] };
  return { config, host: values.host, port };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const { url } = await startSpaServer(options).catch((error) => {
    console.error(`cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  console.log(`SPA example on ${url}/ (seed JavaScript) and ${url}/oidc/ (oidc-client-ts), issuer ${options.config.issuer}`);
}
