// Auth0-specific control-plane routes (under /_emulator).
import type { Router } from 'express';
import type { Auth0TenantContext } from './auth0-tenant.ts';

export function auth0ControlPlane(_router: Router, _context: Auth0TenantContext): void {
  // Filled as features need triggers that have no public API.
}
