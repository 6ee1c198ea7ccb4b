// Okta Management API (/api/v1).
import express, { type Router } from 'express';
import type { OktaOrgContext } from '../okta-org.ts';

export function managementApi(_context: OktaOrgContext): Router {
  const router = express.Router();
  return router;
}
