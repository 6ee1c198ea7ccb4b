// Okta-specific control-plane routes (under /_emulator): settings and triggers that the real
// product offers only in its admin console.
import type { Router } from 'express';
import type { OktaOrgContext } from './okta-org.ts';

export function oktaControlPlane(_router: Router, _context: OktaOrgContext): void {
  // Filled by the Universal Logout and SCIM work.
}
