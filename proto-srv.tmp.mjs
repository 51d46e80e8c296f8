import http from 'node:http';
import express from 'express';
const app = express();
const mode = process.argv[2];
const ROUTE = Object.freeze({ path: '/t' });
const noop = () => {};
const body = JSON.stringify({ access_token: 'x'.repeat(600), token_type: 'Bearer', expires_in: 3600 });
http.createServer((req, res) => {
  let request = req, response = res;
  if (mode === 'proto' || mode === 'express') { request = Object.setPrototypeOf(req, app.request); response = Object.setPrototypeOf(res, app.response); }
  if (mode === 'props' || mode === 'express') {
    request.res = response; response.req = request; response.locals = Object.create(null); request.originalUrl = '/t'; request.baseUrl = ''; request.params = {}; request.route = ROUTE;
  }
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Request-Id', 'abc');
  req.on('data', noop); req.on('end', () => { response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', Pragma: 'no-cache' }).end(body); });
}).listen(4313);
