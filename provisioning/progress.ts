// Progress of a run, one event per resource step; the CLI prints each as one line, tests and
// `npm start` may listen too. Events carry names and ids only, never a secret.
export type ProgressAction =
  | 'created'
  | 'reused'
  | 'updated'
  | 'adopted'
  | 'deleted'
  | 'absent'
  | 'kept'
  | 'handed-over'
  | 'would-delete'
  | 'skipped'
  | 'exists'
  | 'missing'
  | 'note';

export interface ProgressEvent {
  action: ProgressAction;
  /** e.g. "okta app", "auth0 connection". */
  what: string;
  name: string;
  id?: string;
  /** e.g. "password reset", "enabled for harness-…-demo", "2h old". */
  detail?: string;
}

export type OnProgress = (event: ProgressEvent) => void;

const MARK: Record<ProgressAction, string> = {
  created: '✓',
  reused: '↺',
  updated: '✎',
  adopted: '↺',
  deleted: '✓',
  absent: '·',
  kept: '·',
  'handed-over': '→',
  'would-delete': '?',
  skipped: '·',
  exists: '✓',
  missing: '✗',
  note: '!',
};

const VERB: Partial<Record<ProgressAction, string>> = {
  reused: 'reused',
  updated: 'updated',
  adopted: 'adopted',
  deleted: 'deleted',
  absent: 'already gone',
  kept: 'kept',
  'handed-over': 'handed over',
  'would-delete': 'would delete',
  skipped: 'left alone',
  missing: 'missing',
};

/** `✓ okta app harness-20261128t0712-k3f9-auth0 (0oa1…)`, `✓ deleted auth0 client …`. */
export function formatProgress(e: ProgressEvent): string {
  const verb = VERB[e.action];
  const id = e.id ? ` (${e.id})` : '';
  const detail = e.detail ? ` — ${e.detail}` : '';
  if (e.action === 'note') return `${MARK.note} ${e.what}: ${e.name}${detail}`;
  if (e.action === 'deleted' || e.action === 'would-delete') return `${MARK[e.action]} ${verb} ${e.what} ${e.name}${id}${detail}`;
  return `${MARK[e.action]} ${e.what} ${e.name}${id}${verb ? ` ${verb}` : ''}${detail}`;
}
