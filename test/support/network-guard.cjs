/**
 * Loaded with --require into a service under test (NODE_OPTIONS), in the main thread and in
 * every worker thread: records, and refuses, any attempt to open a network connection other
 * than the database client's own (pg's, to the database's port on loopback), and records any DNS
 * query (lookup or resolve) and any fetch. Lines go to NETWORK_GUARD_LOG as JSON:
 * {"guarded": threadId} when a thread is guarded; {"attempt": ...} for each refused attempt.
 */
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const { threadId } = require('node:worker_threads');

const log = process.env.NETWORK_GUARD_LOG;
const allowedPorts = new Set((process.env.NETWORK_GUARD_ALLOW_PORTS || '').split(',').filter(Boolean).map(Number));
const write = (entry) => log && fs.appendFileSync(log, `${JSON.stringify({ thread: threadId, ...entry })}\n`);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  const target =
    options && typeof options === 'object'
      ? { host: options.host, port: Number(options.port), path: options.path }
      : { port: Number(first), host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  // The database's own client only: a connection to the database's port made by anything else
  // (an HTTP request to http://127.0.0.1:5432/ named in a credential) is an attempt like any other.
  const byDatabaseClient = /[\\/]node_modules[\\/]pg[\\/]/.test(new Error().stack || '');
  const allowed =
    target.path !== undefined || (byDatabaseClient && LOOPBACK.has(target.host || 'localhost') && allowedPorts.has(target.port));
  if (!allowed) {
    write({ attempt: 'connect', host: target.host, port: target.port });
    process.nextTick(() => this.destroy(new Error(`network guard: connection to ${target.host}:${target.port} refused`)));
    return this;
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) write({ attempt: 'dns', host: hostname });
  return originalLookup.call(this, hostname, ...rest);
};
const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) write({ attempt: 'dns', host: hostname });
  return originalPromisesLookup.call(this, hostname, ...rest);
};

// Every other way of asking DNS (resolve, resolve4, resolveAny, …, callback and promise forms,
// and Resolver instances) is recorded too, whatever the name.
const guardResolvers = (target, label) => {
  for (const name of Object.keys(target)) {
    if (!/^resolve/.test(name) || typeof target[name] !== 'function') continue;
    const original = target[name];
    target[name] = function guardedResolve(hostname, ...rest) {
      write({ attempt: 'dns', host: String(hostname), via: `${label}.${name}` });
      return original.call(this, hostname, ...rest);
    };
  }
};
guardResolvers(dns, 'dns');
guardResolvers(dns.promises, 'dns.promises');
guardResolvers(dns.Resolver.prototype, 'Resolver');
guardResolvers(dns.promises.Resolver.prototype, 'promises.Resolver');

if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    write({ attempt: 'fetch', url: String(input && input.url ? input.url : input).slice(0, 200) });
    return originalFetch.call(this, input, init);
  };
}

write({ guarded: true });
