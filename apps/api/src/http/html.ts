import type { FastifyReply } from 'fastify';

/** A server-rendered page: never cached (it may hold a form's token or a fresh verdict), its language said. */
export function sendHtml(reply: FastifyReply, status: number, html: string): void {
  void reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-language', /<html lang="(\w+)"/.exec(html)?.[1] ?? 'en')
    .send(html);
}
