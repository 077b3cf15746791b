// WebSocket connects per second, from its own process: `node connects.mjs <ws url> <token> <seconds> <concurrency>`.
// <concurrency> openers each open a connection, wait for the handshake to finish (101 after $connect answered),
// keep it open and open the next, for <seconds>; then every connection is closed. Prints one JSON line:
// {"opened":N,"failed":N,"seconds":S,"perSecond":R,"p50":ms,"p99":ms,"max":ms,"errors":{"<reason>":N}}
import WebSocket from 'ws';

const [url, token, seconds, concurrency] = process.argv.slice(2);
const target = `${url}?token=${encodeURIComponent(token)}`;
const end = Date.now() + Number(seconds) * 1000;
const open = [];
const latencies = [];
const errors = {};
let failed = 0;

function openOne() {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const ws = new WebSocket(target, { perMessageDeflate: false, handshakeTimeout: 30000 });
    ws.on('open', () => {
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      open.push(ws);
      resolve();
    });
    ws.on('unexpected-response', (req, res) => {
      failed++;
      errors[`HTTP ${res.statusCode}`] = (errors[`HTTP ${res.statusCode}`] || 0) + 1;
      req.destroy();
      resolve();
    });
    ws.on('error', (e) => {
      if (ws.readyState !== WebSocket.OPEN) {
        failed++;
        errors[e.code || e.message] = (errors[e.code || e.message] || 0) + 1;
        resolve();
      }
    });
  });
}

async function opener() {
  while (Date.now() < end) {
    await openOne();
  }
}

const began = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, opener));
const elapsed = (Date.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : null);
console.log(JSON.stringify({
  opened: latencies.length, failed, seconds: elapsed, perSecond: latencies.length / elapsed,
  p50: at(50), p99: at(99), max: at(100), errors,
}));
await Promise.all(open.map((ws) => new Promise((resolve) => { ws.once('close', resolve); ws.close(1000); setTimeout(resolve, 5000); })));
process.exit(0);
