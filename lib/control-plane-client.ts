// The one way the harness talks to an emulator's control plane (/_emulator/*): reading the event
// log, injecting faults. Every call goes through `request`, so what every call must carry is said
// once, here: the run's token as a bearer credential, `Content-Type: application/json` on every
// write (with or without a body), trust in the local CA (docs/security.md, "Security of the harness").
import { fetchTrusting, type Fetch } from './trusting-fetch.ts';

export class ControlPlaneError extends Error {
  override name = 'ControlPlaneError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ControlPlaneClient {
  /** https://host:port of the emulator. */
  readonly origin: string;
  get<T>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

/** What the control plane requires of every call. */
export function controlPlaneHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

export interface ControlPlaneOptions {
  /** The run's control-plane token (EMULATOR_CONTROL_PLANE_TOKEN). */
  token: string;
  /** The local CA, for an emulator's certificate (else this process's trust, e.g. NODE_EXTRA_CA_CERTS). */
  caCertPem?: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

export function controlPlaneClient(origin: string, options: ControlPlaneOptions): ControlPlaneClient {
  const transport: Fetch = options.fetch ?? (options.caCertPem ? fetchTrusting(options.caCertPem, options.timeoutMs ?? 15_000) : fetch);
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await transport(`${origin}/_emulator${path}`, {
      method,
      headers: controlPlaneHeaders(options.token),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ControlPlaneError(`${method} ${origin}/_emulator${path} answered ${response.status}: ${describeError(text)}`, response.status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    origin,
    get: path => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    delete: path => request<void>('DELETE', path),
  };
}

/** The control plane's `{error, error_description}` in words, else the start of the body. */
function describeError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string; error_description?: string };
    if (body.error_description) return `${body.error ?? 'error'}: ${body.error_description}`;
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}
