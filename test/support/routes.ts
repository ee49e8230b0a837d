import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '@app/identity';

export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  readonly rule: AccessRule | undefined;
}

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route of every controller in the app, with its access rule, read from Nest's metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      for (const name of scanner.getAllMethodNames(controller.prototype as object)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const p of Array.isArray(path) ? path : [path]) {
          routes.push({
            method,
            path: joinPath(base, p),
            controller: controller.name,
            handler: name,
            rule: reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler as never, controller]),
          });
        }
      }
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: uuids for :id-like params, a word for the others. */
export const concretePath = (path: string): string =>
  path.replace(/:(\w+)/g, (_m, name: string) => (/id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'x'));
