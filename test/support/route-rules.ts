import { RequestMethod, VERSION_NEUTRAL } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { IS_PUBLIC } from '../../apps/api/src/auth/public.decorator.js';
import { ROLES } from '../../apps/api/src/auth/roles.decorator.js';
import { OPEN311_PATH } from '../../apps/api/src/requests/open311/open311.controller.js';
import type { StaffRole } from '../../apps/api/src/staff/staff-user.entity.js';
import { OptionalStaffGuard } from '../../apps/api/src/tickets/optional-staff.guard.js';

/** What the auth guard reads for a route: `@Public()`, and the roles of `@Roles()` (null: any staff role). */
export interface RouteRule {
  isPublic: boolean;
  roles: StaffRole[] | null;
  /** A public route that checks a staff token when one is sent (`OptionalStaffGuard`). */
  takesOptionalToken: boolean;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
};

const pathsOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);

/**
 * Every controller route of the application as the OpenAPI document names it ("POST
 * /api/v1/offices/{officeId}/services"), with the guard's rules read from the same metadata the
 * guard reads. The API's global prefix is `api` and its default URI version `1`; Open311's
 * version-neutral routes are left out of the prefix (create-app.ts).
 */
export function routeRules(app: INestApplication): Map<string, RouteRule> {
  const reflector = new Reflector();
  const rules = new Map<string, RouteRule>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (!method || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const version = (Reflect.getMetadata(VERSION_METADATA, handler) ?? Reflect.getMetadata(VERSION_METADATA, controller)) as unknown;
        const base = version === VERSION_NEUTRAL ? '/api' : `/api/v${typeof version === 'string' ? version : '1'}`;
        const targets = [handler as () => unknown, controller];
        const rule: RouteRule = {
          isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
          roles: reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets) ?? null,
          takesOptionalToken: targets.some((target) => ((Reflect.getMetadata(GUARDS_METADATA, target) ?? []) as unknown[]).includes(OptionalStaffGuard)),
        };
        for (const controllerPath of pathsOf(Reflect.getMetadata(PATH_METADATA, controller))) {
          const prefix = version === VERSION_NEUTRAL && controllerPath.replace(/^\//, '').startsWith(OPEN311_PATH) ? '' : base;
          for (const handlerPath of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
            const path = `${prefix}/${controllerPath}/${handlerPath}`.replace(/\/+/g, '/').replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');
            rules.set(`${method} ${path}`, rule);
          }
        }
      }
    }
  }
  return rules;
}
