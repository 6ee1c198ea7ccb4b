// Auth0 Management API v2 (/api/v2).
import express, { type Router } from 'express';
import type { Auth0TenantContext } from '../auth0-tenant.ts';

export function managementApi(_context: Auth0TenantContext): Router {
  return express.Router();
}
