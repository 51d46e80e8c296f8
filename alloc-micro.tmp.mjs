import http from 'node:http';
import express from 'express';
import { Session } from 'node:inspector';
const app = express();
const mode = process.argv[2];
const ROUTE = Object.freeze({ path: '/t' });
const noop = () => {};
const srv = http.createServer((req, res) => {
  if (mode === 'proto' || mode === 'props') {
    const request = Object.setPrototypeOf(req, app.request); const response = Object.setPrototypeOf(res, app.response);
    if (mode === 'props') { request.res = response; response.req = request; response.locals = Object.create(null); request.originalUrl = '/t'; request.baseUrl = ''; request.params = {}; request.route = ROUTE; }
  }
  req.on('data', noop); req.on('end', () => res.end('ok'));
});
const s = new Session(); s.connect();
const post = (m, p) => new Promise((r, j) => s.post(m, p, (e, x) => (e ? j(e) : r(x))));
srv.listen(4312, async () => {
  const { default: autocannon } = await import('/tmp/peer-bench/node_modules/autocannon/autocannon.js');
  await autocannon({ url: 'http://127.0.0.1:4312/t', method: 'POST', body: 'a=b', connections: 10, duration: 2 });
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const r = await autocannon({ url: 'http://127.0.0.1:4312/t', method: 'POST', body: 'a=b', connections: 10, duration: 3 });
  const { profile } = await post('HeapProfiler.stopSampling');
  let total = 0; (function t(n){ total += n.selfSize; n.children.forEach(t); })(profile.head);
  // exclude autocannon's own allocations: only count nodes not under autocannon files
  let server = 0; (function t(n, ac){ const a = ac || n.callFrame.url.includes('autocannon') || n.callFrame.url.includes('undici'); if (!a) server += n.selfSize; n.children.forEach((c)=>t(c,a)); })(profile.head, false);
  console.log(mode, 'requests', r.requests.total, 'total KB/req', (total / r.requests.total / 1024).toFixed(1), 'non-autocannon KB/req', (server / r.requests.total / 1024).toFixed(1));
  srv.close(); process.exit(0);
});
