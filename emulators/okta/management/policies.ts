// Policies (docs/fidelity.md#policies): the authentication policies (`ACCESS_POLICY`) that decide
// how users sign in to an app, their rules, the mapping of an app to one, and the authenticator
// enrollment policies (`MFA_ENROLL`, read-only here). What the harness uses, with Okta's shapes:
//   GET  /policies?type=…[&q=name prefix][&status=…]         ordered by priority
//   POST /policies                                           ACCESS_POLICY only; comes with its Catch-all Rule (DENY)
//   GET|DELETE /policies/{policyId}                          the default policy and one mapped to an app cannot be deleted
//   GET|POST /policies/{policyId}/rules, GET|DELETE /policies/{policyId}/rules/{ruleId}
//   GET  /policies/{policyId}/app                            apps mapped to it
//   PUT  /apps/{appId}/policies/{policyId}                   map the app to the policy (204)
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import { oktaId } from '../store.ts';
import { now } from '../../shared/wire.ts';
import type { PolicyRecord, PolicyStore, PolicyType, WirePolicy, WireRule } from '../policies/policy-store.ts';
import { endpoint } from './endpoint.ts';
import { OktaApiFailure, failures, type FieldProblem } from './errors.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { appFromPath } from './lookups.ts';
import { appView } from './representations.ts';
import { isObject, objectBody, pathParam, stringParam, type JsonObject } from './request-input.ts';

const POLICY_TYPES: PolicyType[] = ['ACCESS_POLICY', 'MFA_ENROLL'];
/** Every type Okta knows (the SDK's list); the emulator keeps only the two above. */
const KNOWN_TYPES = [
  'OKTA_SIGN_ON',
  'PASSWORD',
  'MFA_ENROLL',
  'IDP_DISCOVERY',
  'ACCESS_POLICY',
  'DEVICE_SIGNAL_COLLECTION',
  'PROFILE_ENROLLMENT',
  'POST_AUTH_SESSION',
  'ENTITY_RISK',
];
/** The Catch-all Rule of an authentication policy sits at 99; rules above it take 0–98 (highest first). */
const CATCH_ALL_PRIORITY = 99;
const MAX_RULES = 100;

export function policiesRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const policies = context.store.policies;

  endpoint(router, '/policies', {
    get: (req, res) => {
      const type = stringParam(req, 'type');
      if (!type) throw failures.validation([{ field: 'type', message: 'The type parameter is required.' }]);
      if (!KNOWN_TYPES.includes(type)) throw invalidPolicyType();
      const status = stringParam(req, 'status');
      const q = stringParam(req, 'q')?.toLowerCase();
      const found = POLICY_TYPES.includes(type as PolicyType) ? policies.ofType(type as PolicyType) : [];
      const selected = found.filter(p => (!status || p.wire.status === status) && (!q || p.wire.name.toLowerCase().startsWith(q)));
      sendJson(
        res,
        200,
        selected.map(p => policyView(p.wire, links)),
      );
    },
    post: (req, res) => {
      const body = objectBody(req);
      const type = body.type;
      if (typeof type !== 'string' || !KNOWN_TYPES.includes(type)) throw invalidPolicyType();
      if (type !== 'ACCESS_POLICY')
        throw failures.validation([{ field: 'type', message: 'The emulator creates authentication policies (ACCESS_POLICY) only.' }]);
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      const problems: FieldProblem[] = [];
      if (!name) problems.push({ field: 'name', message: 'The field cannot be left blank.' });
      else if (name.length > 255) problems.push({ field: 'name', message: 'The field cannot exceed 255 characters.' });
      if (body.description !== undefined && body.description !== null && typeof body.description !== 'string')
        problems.push({ field: 'description', message: 'The field must be a string.' });
      if (problems.length) throw failures.validation(problems);
      const created = now();
      const id = oktaId('rst');
      const accessPolicies = policies.ofType('ACCESS_POLICY');
      const wire: WirePolicy = {
        id,
        type: 'ACCESS_POLICY',
        status: body.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
        name,
        description: typeof body.description === 'string' ? body.description : undefined,
        // Authentication policies are not ordered among themselves (each app has one); Okta still numbers them.
        priority: accessPolicies.length + 1,
        system: false,
        conditions: null,
        created,
        lastUpdated: created,
      };
      // Every new authentication policy comes with its Catch-all Rule, which denies access.
      const catchAll: WireRule = {
        id: oktaId('rul'),
        name: 'Catch-all Rule',
        status: 'ACTIVE',
        priority: CATCH_ALL_PRIORITY,
        system: true,
        type: 'ACCESS_POLICY',
        created,
        lastUpdated: created,
        conditions: null as never,
        actions: { appSignOn: { access: 'DENY', verificationMethod: { factorMode: '1FA', type: 'ASSURANCE', reauthenticateIn: 'PT43800H' } as never } },
      };
      policies.policies.set(id, { wire, rules: new Map([[catchAll.id, catchAll]]) });
      context.events.record('okta.policy.created', { id, type: wire.type, name });
      sendJson(res, 200, policyView(wire, links));
    },
  });

  endpoint(router, '/policies/:policyId', {
    get: (req, res) => {
      sendJson(res, 200, policyView(policyFromPath(policies, req).wire, links));
    },
    delete: (req, res) => {
      const policy = policyFromPath(policies, req);
      if (policy.wire.system)
        throw new OktaApiFailure(403, 'E0000006', 'You do not have permission to perform the requested action', ['The default policy cannot be deleted.']);
      // Mappings of deleted apps go with them.
      for (const appId of policies.appsOf(policy.wire.id)) if (!context.store.apps.has(appId)) policies.appPolicies.delete(appId);
      if (policies.appsOf(policy.wire.id).length)
        throw failures.validation([{ field: 'policy', message: 'The policy is in use by one or more apps; map them to another policy first.' }]);
      policies.policies.delete(policy.wire.id);
      context.events.record('okta.policy.deleted', { id: policy.wire.id });
      sendNoContent(res);
    },
  });

  endpoint(router, '/policies/:policyId/app', {
    get: (req, res) => {
      const policy = policyFromPath(policies, req);
      const apps = policies
        .appsOf(policy.wire.id)
        .map(id => context.store.apps.get(id))
        .filter(a => a !== undefined);
      sendJson(
        res,
        200,
        apps.map(app => appView(app.wire, links, { withSecret: false })),
      );
    },
  });

  endpoint(router, '/policies/:policyId/rules', {
    get: (req, res) => {
      const policy = policyFromPath(policies, req);
      sendJson(
        res,
        200,
        policies.rulesInOrder(policy).map(rule => ruleView(policy.wire.id, rule, links)),
      );
    },
    post: (req, res) => {
      const policy = policyFromPath(policies, req);
      if (policy.wire.type !== 'ACCESS_POLICY')
        throw failures.validation([{ field: 'type', message: 'The emulator creates rules of authentication policies only.' }]);
      if (policy.rules.size >= MAX_RULES) throw failures.validation([{ field: 'rules', message: `A policy can have at most ${MAX_RULES} rules.` }]);
      const rule = accessRule(objectBody(req), policy);
      policy.rules.set(rule.id, rule);
      context.events.record('okta.policy.rule_created', { policyId: policy.wire.id, id: rule.id, name: rule.name });
      sendJson(res, 200, ruleView(policy.wire.id, rule, links));
    },
  });

  endpoint(router, '/policies/:policyId/rules/:ruleId', {
    get: (req, res) => {
      const policy = policyFromPath(policies, req);
      sendJson(res, 200, ruleView(policy.wire.id, ruleFromPath(policy, req), links));
    },
    delete: (req, res) => {
      const policy = policyFromPath(policies, req);
      const rule = ruleFromPath(policy, req);
      if (rule.system)
        throw new OktaApiFailure(403, 'E0000006', 'You do not have permission to perform the requested action', ['The Catch-all Rule cannot be deleted.']);
      policy.rules.delete(rule.id);
      sendNoContent(res);
    },
  });

  endpoint(router, '/apps/:appId/policies/:policyId', {
    put: (req, res) => {
      const app = appFromPath(context.store, req);
      const policy = policyFromPath(policies, req);
      if (policy.wire.type !== 'ACCESS_POLICY')
        throw failures.validation([{ field: 'policyId', message: 'Only an authentication policy can be mapped to an app.' }]);
      policies.appPolicies.set(app.wire.id, policy.wire.id);
      context.events.record('okta.app.policy_mapped', { appId: app.wire.id, policyId: policy.wire.id });
      sendNoContent(res);
    },
  });
}

function invalidPolicyType(): OktaApiFailure {
  // What a Classic Engine org answers for ACCESS_POLICY, and any org for an unknown type.
  return new OktaApiFailure(400, 'E0000001', 'Api validation failed: type', ['type: Invalid policy type specified.']);
}

function policyFromPath(policies: PolicyStore, req: Request): PolicyRecord {
  const id = pathParam(req, 'policyId');
  const policy = policies.policies.get(id);
  if (!policy) throw failures.notFound(id, 'Policy');
  return policy;
}

function ruleFromPath(policy: PolicyRecord, req: Request): WireRule {
  const id = pathParam(req, 'ruleId');
  const rule = policy.rules.get(id);
  if (!rule) throw failures.notFound(id, 'PolicyRule');
  return rule;
}

/** An authentication policy rule from a create body, checked as Okta checks it. */
function accessRule(body: JsonObject, policy: PolicyRecord): WireRule {
  const problems: FieldProblem[] = [];
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) problems.push({ field: 'name', message: 'The field cannot be left blank.' });
  if (body.type !== undefined && body.type !== 'ACCESS_POLICY')
    problems.push({ field: 'type', message: 'The rule type must match the policy type (ACCESS_POLICY).' });
  const appSignOn = isObject(body.actions) && isObject(body.actions.appSignOn) ? body.actions.appSignOn : undefined;
  if (!appSignOn) problems.push({ field: 'actions.appSignOn', message: 'The field cannot be left blank.' });
  else {
    if (appSignOn.access !== 'ALLOW' && appSignOn.access !== 'DENY')
      problems.push({ field: 'actions.appSignOn.access', message: "Must be 'ALLOW' or 'DENY'." });
    const method = appSignOn.verificationMethod;
    if (method !== undefined) {
      if (!isObject(method) || (method.type !== undefined && method.type !== 'ASSURANCE'))
        problems.push({ field: 'actions.appSignOn.verificationMethod.type', message: "The only supported type is 'ASSURANCE'." });
      else {
        if (method.factorMode !== '1FA' && method.factorMode !== '2FA')
          problems.push({ field: 'actions.appSignOn.verificationMethod.factorMode', message: "Must be '1FA' or '2FA'." });
        const constraints = method.constraints ?? [];
        if (!Array.isArray(constraints)) problems.push({ field: 'actions.appSignOn.verificationMethod.constraints', message: 'Must be an array.' });
        else {
          // Each constraint object may name at most as many authenticator classes as the factor mode allows.
          const allowed = method.factorMode === '2FA' ? 2 : 1;
          if (constraints.some(c => !isObject(c) || ['knowledge', 'possession'].filter(k => c[k] !== undefined).length > allowed))
            problems.push({
              field: 'actions.appSignOn.verificationMethod.constraints',
              message: `Each constraint can name at most ${allowed} authenticator class${allowed === 1 ? '' : 'es'} with factorMode ${String(method.factorMode)}.`,
            });
        }
      }
    }
  }
  const priority = body.priority ?? Math.max(0, ...[...policy.rules.values()].filter(r => !r.system).map(r => r.priority + 1));
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority >= CATCH_ALL_PRIORITY)
    problems.push({ field: 'priority', message: `Must be a whole number from 0 to ${CATCH_ALL_PRIORITY - 1}.` });
  if (problems.length) throw failures.validation(problems);
  const created = now();
  return {
    id: oktaId('rul'),
    name,
    status: body.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
    priority: priority as number,
    system: false,
    type: 'ACCESS_POLICY',
    created,
    lastUpdated: created,
    conditions: (isObject(body.conditions) ? body.conditions : null) as never,
    actions: {
      appSignOn: {
        access: appSignOn!.access as 'ALLOW' | 'DENY',
        verificationMethod: (appSignOn!.verificationMethod ?? { factorMode: '2FA', type: 'ASSURANCE', reauthenticateIn: 'PT2H', constraints: [] }) as never,
        ...(isObject(appSignOn!.keepMeSignedIn) ? { keepMeSignedIn: appSignOn!.keepMeSignedIn as never } : {}),
      },
    },
  };
}

function policyView(policy: WirePolicy, links: Links) {
  const self = links.href(`/policies/${policy.id}`);
  return {
    ...policy,
    _links: {
      self: { href: self, hints: { allow: policy.system ? ['GET', 'PUT'] : ['GET', 'PUT', 'DELETE'] } },
      ...(policy.status === 'ACTIVE'
        ? { deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ['POST'] } } }
        : { activate: { href: `${self}/lifecycle/activate`, hints: { allow: ['POST'] } } }),
      rules: { href: `${self}/rules`, hints: { allow: ['GET', 'POST'] } },
      ...(policy.type === 'ACCESS_POLICY'
        ? { mappings: { href: `${self}/mappings`, hints: { allow: ['GET', 'POST'] } }, applications: { href: `${self}/app`, hints: { allow: ['GET'] } } }
        : {}),
    },
  };
}

function ruleView(policyId: string, rule: WireRule, links: Links) {
  const self = links.href(`/policies/${policyId}/rules/${rule.id}`);
  return {
    ...rule,
    _links: {
      self: { href: self, hints: { allow: rule.system ? ['GET', 'PUT'] : ['GET', 'PUT', 'DELETE'] } },
      ...(rule.status === 'ACTIVE'
        ? { deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ['POST'] } } }
        : { activate: { href: `${self}/lifecycle/activate`, hints: { allow: ['POST'] } } }),
    },
  };
}
