// A bench helper process: autocannon POSTs request bodies to a URL, one row at a time, as the
// bench asks through IPC ({ url, connections, file, amount | duration, expect }; the file holds
// one JSON text per line; `expect` is a text every answer must contain), and answers each with
// its result. The load generator runs in a process of its own that holds nothing but the bodies
// of the row it runs: in the bench's process, among tens of thousands of signed credentials, its
// garbage collection paused it for 15 to 50 ms at a time (measured), and every request in flight
// during a pause was timed that much slower than the service had answered it. One process serves
// every row, so autocannon's code stays warm.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

function row({ url, connections, file, amount, duration, expect }) {
  const bodies = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let i = 0;
  const first = performance.now();
  let last = first;
  // The first answer on each connection: it also waited for the server to accept the connection.
  const seen = new Set();
  const firsts = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // A row of a fixed amount sends each body once, in turn across the connections (each
        // request is built as it goes). A row of a fixed duration sends the same few bodies again
        // and again (the repeated and floor rows): each connection goes through them in turn,
        // each request built once, as a load generator on another machine would send them. Built
        // for every request, they cost this process about 15 to 20 µs more a request (measured: 72
        // to 83 µs against 55 to 62 at one connection), which a row at one connection adds to
        // every round trip.
        requests: amount
          ? [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }]
          : bodies.map((body) => ({ body })),
        // Every answer is read: one without `expect` (a credential found not valid) is a mismatch.
        ...(expect ? { verifyBody: (body) => body.includes(expect) } : {}),
        ...(amount ? { amount } : { duration }),
      },
      (error, r) =>
        error
          ? reject(error)
          : resolve({
              total: r.requests.total,
              // Timed from the start to the last answer: autocannon's own end of a fixed-amount
              // run waits for its next one-second tick, which would understate a short row's rate.
              seconds: (last - first) / 1000,
              p50: r.latency.p50,
              p99: r.latency.p99,
              non2xx: r.non2xx,
              mismatches: r.mismatches,
              slowestFirst: Math.round(Math.max(...firsts)),
              errors: r.errors,
            }),
    );
    instance.on('response', (client, _status, _bytes, latency) => {
      last = performance.now();
      if (!seen.has(client)) {
        seen.add(client);
        firsts.push(latency);
      }
    });
  });
}

process.on('message', (message) => {
  row(message).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: String(error) }),
  );
});
