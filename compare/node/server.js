'use strict';
// The seed's server.js (Socket.IO 0.9, 2014) carried to Socket.IO v4 / Engine.IO v4, so that the same churn
// runs against it and against the Java server. Same behaviour: HTTPS on 9010, websocket transport only, a
// `connected` count, an event named "ping" acknowledged with "pong", and {"connected":N} for any other
// request. Added for the lab: /status with the Java server's field names, env settings, a clean stop.

const http = require('node:http');
const https = require('node:https');
const { Server } = require('socket.io');
const { selfSignedCertificate } = require('./cert');
const SOCKET_IO_VERSION = require('socket.io/package.json').version;

// --- settings -------------------------------------------------------------------------------------------
function fail(name, value, allowed) {
  console.error(`connection-drop node server: ${name}=${value}: expected ${allowed}`);
  process.exit(2);
}
function env(name) {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}
function int(name, defaultValue, min, max) {
  const value = env(name);
  if (value === null) return defaultValue;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) fail(name, value, `an integer from ${min} to ${max}`);
  return n;
}
function bool(name, defaultValue) {
  const value = env(name);
  if (value === null) return defaultValue;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  return fail(name, value, 'true or false');
}

const config = {
  port: int('PORT', 9010, 0, 65535), // 0: any free port, printed on the ready line
  host: env('HOST') ?? '127.0.0.1',
  tls: bool('TLS', true), // false: plain http/ws, the harness's -Dtarget=ws://... case
  pingInterval: int('PING_INTERVAL_MS', 25000, 100, 600000),
  pingTimeout: int('PING_TIMEOUT_MS', 20000, 100, 600000),
  backlog: int('BACKLOG', 4096, 1, 65535), // capped by net.core.somaxconn
  perMessageDeflate: bool('PER_MESSAGE_DEFLATE', false),
  allowEIO3: bool('ALLOW_EIO3', false), // Engine.IO v3 clients (socket.io-client 2.x)
  exitWithParent: bool('EXIT_WITH_PARENT', false),
  // what other paths answer: 'full' (/status with every counter), 'seed' (only {"connected":N}, as the 2014
  // server answered any path), 'none' (404: a server that tells nothing, as most do)
  status: (() => {
    const value = env('STATUS') ?? 'full';
    return ['full', 'seed', 'none'].includes(value) ? value : fail('STATUS', value, 'full, seed or none');
  })(),
};

// --- counters, named as the Java server's /status names them ---------------------------------------------
const REASONS = {
  'client namespace disconnect': 'client-left', // the client sent 41 (socket.disconnect())
  'transport close': 'transport-close', // the peer closed the websocket or TCP connection
  'transport error': 'transport-close',
  'ping timeout': 'ping-timeout', // no pong within pingInterval + pingTimeout
  'server namespace disconnect': 'server-close', // socket.disconnect() on the server
  'server shutting down': 'server-shutdown', // io.close(): the server is stopping
  'forced close': 'server-close', // engine socket closed by the server
  'forced server close': 'server-close',
  'parse error': 'server-close', // the server dropped a client that sent a malformed packet
};
const stats = {
  connected: 0,
  peakConnected: 0,
  connects: 0,
  disconnects: { 'client-left': 0, 'transport-close': 0, 'ping-timeout': 0, 'server-close': 0, 'server-shutdown': 0 },
  handshakeFailures: { tls: 0, websocket: 0 },
  // accept(2) failures by errno, as the Java server counts them: EMFILE is this process's open-file limit
  acceptFailures: { EMFILE: 0, ENFILE: 0, ENOBUFS: 0, ENOMEM: 0, OTHER: 0 },
  acks: 0,
};
// ulimit -n, read at start: at the limit, reading it would need a file of its own (Linux only; -1 elsewhere)
const openFileLimit = (() => {
  try {
    const line = require('node:fs').readFileSync('/proc/self/limits', 'latin1').split('\n')
      .find((l) => l.startsWith('Max open files'));
    return line ? Number(line.split(/\s+/)[3]) : -1;
  } catch (e) {
    return -1;
  }
})();
const startedAt = Date.now();
const drops = () =>
  Object.entries(stats.disconnects).reduce((sum, [reason, n]) => (reason === 'client-left' ? sum : sum + n), 0);

// Event-loop lag, as the Java server measures it: a 100 ms timer notes how late it fires; /status reports
// the worst of the last second. A Node server has one loop: when it lags, every connection waits.
const lag = { samples: new Array(10).fill(0), next: 0, dueAt: performance.now() + 100 };
setInterval(() => {
  const now = performance.now();
  lag.samples[lag.next] = Math.max(0, now - lag.dueAt);
  lag.next = (lag.next + 1) % lag.samples.length;
  lag.dueAt = now + 100;
}, 100).unref();

function status() {
  return {
    connected: stats.connected,
    peakConnected: stats.peakConnected,
    connects: stats.connects,
    disconnects: stats.disconnects,
    drops: drops(),
    handshakeFailures: stats.handshakeFailures,
    acceptFailures: stats.acceptFailures,
    openFileLimit,
    acks: stats.acks,
    eventLoopLagMs: Math.round(Math.max(...lag.samples) * 10) / 10,
    heapUsedBytes: process.memoryUsage().heapUsed,
    cpuNanos: (() => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; })(),
    pid: process.pid,
    startedAt,
    server: `node ${process.version}, socket.io ${SOCKET_IO_VERSION}`,
  };
}

// --- HTTP: every request that is not Socket.IO's (Engine.IO takes /socket.io/ before this handler) --------
function onRequest(req, res) {
  const path = (req.url || '/').split('?')[0];
  if (config.status === 'none') {
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const body = JSON.stringify(path === '/status' && config.status === 'full' ? status() : { connected: stats.connected });
  // keep-alive is left to Node: honoured when the client asks for it, closed when it sends Connection: close
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

// The certificate is made before listening (see listen() below).
const httpServer = config.tls ? https.createServer(onRequest) : http.createServer(onRequest);

if (config.tls) {
  // A client that drops or fails before the TLS handshake completes never reaches Engine.IO: count it here.
  httpServer.on('tlsClientError', (err, socket) => {
    stats.handshakeFailures.tls++;
    console.log(`tls handshake failed: ${err.code || err.message} from ${socket.remoteAddress}:${socket.remotePort}`);
  });
}

// --- Socket.IO -------------------------------------------------------------------------------------------
const io = new Server(httpServer, {
  transports: ['websocket'], // as the seed: no long-polling, the client opens the websocket directly
  pingInterval: config.pingInterval,
  pingTimeout: config.pingTimeout,
  perMessageDeflate: config.perMessageDeflate,
  allowEIO3: config.allowEIO3,
  serveClient: false, // the lab's clients bring their own
});

// Handshake refused by Engine.IO: unknown transport, bad EIO version, bad request... (one line each)
io.engine.on('connection_error', (err) => {
  stats.handshakeFailures.websocket++;
  const s = err.req && err.req.socket;
  const url = err.req ? String(err.req.url).slice(0, 200) : '?';
  console.log(`handshake error: code ${err.code} ${err.message} from ${s ? `${s.remoteAddress}:${s.remotePort}` : '?'} ${url}`);
});

io.on('connection', (socket) => {
  stats.connected++;
  stats.connects++;
  stats.peakConnected = Math.max(stats.peakConnected, stats.connected);

  // "ping" is not reserved on a v4 server socket: 42<id>["ping"] is answered 43<id>["pong"].
  // The seed wrote ack => ack('pong'); the ack is taken as the last argument, and an emit without one is
  // ignored instead of throwing (which would take the whole process down).
  socket.on('ping', (...args) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      stats.acks++;
      ack('pong');
    }
  });

  socket.on('disconnect', (reason) => {
    stats.connected--;
    const name = REASONS[reason] || reason; // an unknown reason is counted under its own name
    stats.disconnects[name] = (stats.disconnects[name] || 0) + 1;
  });
});

// --- start and stop --------------------------------------------------------------------------------------
let stopping = false;
function shutdown(why) {
  if (stopping) return;
  stopping = true;
  if (why) console.log(why);
  const finish = () => {
    console.log(`stopped: ${stats.connects} connects, ${drops()} drops, peak ${stats.peakConnected} connected`);
    process.exit(0);
  };
  // io.close() disconnects every socket ("server shutting down"), then closes the listener; a peer that
  // never finishes the websocket close handshake must not hold the stop for long.
  setTimeout(finish, 2000);
  io.close().then(finish, finish);
}
process.on('SIGTERM', () => shutdown());
process.on('SIGINT', () => shutdown());

if (config.exitWithParent) {
  // The Java launcher keeps a pipe on our stdin: it closes when the parent JVM dies, even by SIGKILL.
  // Off by default, so that a person who starts this in a terminal is not stopped by Ctrl-D.
  const parentGone = () => shutdown('parent process gone: stopping');
  process.stdin.on('end', parentGone);
  process.stdin.on('close', parentGone);
  process.stdin.on('error', parentGone);
  process.stdin.resume(); // read (and discard) until EOF; nothing is ever sent
}

let acceptFailuresLoggedAt = 0;
httpServer.on('error', (err) => {
  if (httpServer.listening) { // e.g. EMFILE on accept under load: count it, say so once a second, keep serving
    const code = err.code in stats.acceptFailures ? err.code : 'OTHER';
    stats.acceptFailures[code]++;
    if (Date.now() - acceptFailuresLoggedAt >= 1000) {
      acceptFailuresLoggedAt = Date.now();
      console.error(`accept failed: ${err.code || err.message} (${JSON.stringify(stats.acceptFailures)} so far;`
        + ` open-file limit ${openFileLimit})`);
    }
    return;
  }
  console.error(`connection-drop node server: cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
});
async function listen() {
  if (config.tls) {
    httpServer.setSecureContext(await selfSignedCertificate({ days: 2 }));
  }
  httpServer.listen({ port: config.port, host: config.host, backlog: config.backlog }, () => {
    const { port } = httpServer.address();
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    console.log(`listening on ${config.tls ? 'wss' : 'ws'}://${host}:${port} (pid ${process.pid})`);
  });
}
listen().catch((err) => {
  console.error(`connection-drop node server: cannot start: ${err.message}`);
  process.exit(1);
});
