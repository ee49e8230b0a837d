// A bench helper: the least an HTTP service can do on this machine, for the verification bench's
// "floor" rows. Fastify, nothing registered but one route that takes a JSON body as bytes (not
// parsed) and answers the same fixed text to every request: the text of a real verification
// answer, so the bytes on the wire are the service's.
//
//   node bench/floor-server.mjs <port> <answer file>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, answerFile] = process.argv.slice(2);
const answer = readFileSync(answerFile, 'utf8');
const app = Fastify();
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/credentials/verify', async (_request, reply) => {
  void reply.header('content-type', 'application/json; charset=utf-8');
  return answer;
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
