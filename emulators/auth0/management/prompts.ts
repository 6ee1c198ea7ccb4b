// GET /api/v2/prompts (read:prompts): the tenant's Universal Login settings. The emulated tenant
// runs the New Universal Login experience, identifier first (the email alone, then home realm
// discovery), which is the page the emulator renders; the settings are read-only here because the
// emulator renders no other flow. Shape: the SDK's GetSettingsResponseContent (docs/fidelity.md#universal-login-and-home-realm-discovery).
import express, { type Router } from 'express';
import type { Management } from 'auth0';
import { requireScope } from './access-token.ts';

export const PROMPT_SETTINGS: Management.GetSettingsResponseContent = {
  universal_login_experience: 'new',
  identifier_first: true,
  webauthn_platform_first_factor: false,
};

export function promptsRouter(): Router {
  const router = express.Router();
  router.get('/prompts', requireScope('read:prompts'), (_req, res) => {
    res.json(PROMPT_SETTINGS);
  });
  return router;
}
