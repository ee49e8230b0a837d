import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { securityHeadersOf } from '../../apps/api/src/create-api-app.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** RFC 9457: every error is a problem document with the one mapping of codes to statuses. */
describe('problem+json errors', () => {
  let t: TestApp;
  let admin: { headers: { authorization: string } };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signedIn('platform_admin');
  });
  afterAll(() => t.close());

  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
    status: number,
    code: string,
  ): Record<string, unknown> => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: `http://credentials.test/problems/${code.replace(/_/g, '-')}` });
    expect(typeof body['title']).toBe('string');
    expect(typeof body['detail']).toBe('string');
    expect(body['requestId']).toBe(res.headers['x-request-id']);
    return body;
  };

  it('400 for a body that does not validate, naming each field with a JSON pointer', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/token', payload: { email: 'not-an-email', extra: 1 } });
    const body = expectProblem(res, 400, 'validation_failed');
    const pointers = (body['errors'] as Array<{ pointer: string }>).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/email', '/password', '/extra']));
  });

  it('400 for a body that is not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expectProblem(res, 400, 'malformed_request');
  });

  it('401 without credentials, with WWW-Authenticate', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/me' });
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('403 for a role that may not call the route', async () => {
    const learner = await t.signedIn('learner');
    const res = await t.app.inject({ method: 'GET', url: '/accounts', headers: learner.headers });
    expectProblem(res, 403, 'forbidden');
  });

  it('404 for an unknown address and for an unknown resource', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/no/such/thing' }), 404, 'not_found');
    expectProblem(await t.app.inject({ method: 'GET', url: '/frameworks/no-such-framework' }), 404, 'not_found');
  });

  it('409 when the email is already registered, and nothing is written', async () => {
    const payload = { email: 'dup@test.example', displayName: 'First' };
    expect((await t.app.inject({ method: 'POST', url: '/accounts', headers: admin.headers, payload })).statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: admin.headers,
      payload: { ...payload, displayName: 'Second', email: 'DUP@Test.Example' },
    });
    expectProblem(res, 409, 'email_taken');
    const rows = await t.dataSource.query('select display_name from accounts where email = $1', ['dup@test.example']);
    expect(rows).toEqual([{ display_name: 'First' }]);
  });

  it('400, not 500, for input that PostgreSQL refuses (NUL bytes, numbers out of range)', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/frameworks/%00' }), 400, 'malformed_request');
    expectProblem(await t.app.inject({ method: 'GET', url: '/organisations/a%00b' }), 400, 'malformed_request');
    const key = await t.app.inject({ method: 'POST', url: '/api-keys', headers: admin.headers, payload: { name: 'a\u0000b' } });
    expectProblem(key, 400, 'malformed_request');
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/accounts?offset=100000000000000000000', headers: admin.headers }),
      400,
      'validation_failed',
    );
  });

  it('413 for a body over the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(t.config.http.bodyLimitBytes + 1) }),
    });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('415 for a media type the endpoint does not take', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'text/xml' },
      payload: '<a/>',
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('422 for a well-formed request the domain cannot carry out, and nothing is written', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: admin.headers,
      payload: { email: 'trainer-without-org@test.example', displayName: 'T', grants: [{ role: 'trainer' }] },
    });
    expectProblem(res, 422, 'invalid_role_grant');
    expect(await t.dataSource.query('select 1 from accounts where email = $1', ['trainer-without-org@test.example'])).toEqual([]);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers['x-request-id']).toBe('abc-123');
    const bad = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'a b<script>' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers, on answers and on errors alike', async () => {
    for (const url of ['/health/live', '/no-such-page']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      // Worked out once by helmet: each of its headers is there, and HSTS only in production.
      for (const name of [
        'cross-origin-opener-policy',
        'cross-origin-resource-policy',
        'origin-agent-cluster',
        'referrer-policy',
        'x-dns-prefetch-control',
        'x-download-options',
        'x-frame-options',
        'x-permitted-cross-domain-policies',
        'x-xss-protection',
      ]) {
        expect(res.headers[name]).toBeDefined();
      }
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('refuses security-header options that would depend on the request', () => {
    const fixed = securityHeadersOf({ hsts: true });
    expect(new Map(fixed.set).get('strict-transport-security')).toMatch(/^max-age=/);
    expect(fixed.removed).toEqual(['x-powered-by']);
    expect(() =>
      securityHeadersOf({
        contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (request) => String(request.headers['host'])] } },
      }),
    ).toThrow(/depend on the request/);
  });
});
