import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ROLES, type Role } from '@app/identity';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { concretePath, listRoutes, type RouteInfo } from '../support/routes.js';

/**
 * Default deny: every route states who may call it. This test walks every route the API has,
 * so a new route cannot be forgotten: unauthenticated calls to a non-public route get 401, and
 * a caller without any of the route's roles gets 403.
 */
describe('access rules on every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = listRoutes(t.app);
  });
  afterAll(() => t.close());

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'GET', path: '/me' })]));
  });

  it('every route states an access rule', () => {
    const unstated = routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path}`);
    expect(unstated).toEqual([]);
  });

  it('refuses every non-public route without credentials (401) and with a bad token (401)', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.rule?.kind !== 'public')) {
      for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic YTpi' }]) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concretePath(route.path),
          headers,
          payload: route.method === 'GET' ? undefined : {},
        });
        if (res.statusCode !== 401)
          failures.push(`${route.method} ${route.path} ${JSON.stringify(headers)} -> ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every role-restricted route to a caller holding none of its roles (403)', async () => {
    const failures: string[] = [];
    const restricted = routes.filter(
      (r): r is RouteInfo & { rule: { kind: 'roles'; roles: Role[] } } => r.rule?.kind === 'roles',
    );
    expect(restricted.length).toBeGreaterThan(0);
    for (const route of restricted) {
      const wrongRole = ROLES.find(
        (role) => role !== 'platform_admin' && !route.rule.roles.includes(role) && role !== 'org_admin' && role !== 'trainer',
      )!;
      const caller = await t.signedIn(wrongRole);
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concretePath(route.path),
        headers: caller.headers,
        payload: route.method === 'GET' ? undefined : {},
      });
      if (res.statusCode !== 403) failures.push(`${route.method} ${route.path} as ${wrongRole} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  leak(): string {
    return 'this must never be served';
  }
}

describe('a route that states no rule', () => {
  it('is refused with 403, even to a platform admin', async () => {
    const t = await createTestApp();
    // The real API module (its global guard and problem filter) with one more controller.
    @Module({
      imports: [ApiModule.forRoot(t.config, { url: t.db.url, poolSize: 2, ssl: false })],
      controllers: [ForgottenController],
    })
    class ProbeModule {}
    const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), {
      logger: false,
      abortOnError: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const admin = await t.signedIn('platform_admin');
      const anonymous = await app.inject({ method: 'GET', url: '/forgotten' });
      expect(anonymous.statusCode).toBe(403);
      expect(anonymous.body).not.toContain('never be served');
      const asAdmin = await app.inject({ method: 'GET', url: '/forgotten', headers: admin.headers });
      expect(asAdmin.statusCode).toBe(403);
      expect(listRoutes(app).find((r) => r.path === '/forgotten')?.rule).toBeUndefined();
    } finally {
      await app.close();
      await t.close();
    }
  });
});
