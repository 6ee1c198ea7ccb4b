// The embedded target's flows, read from both emulators' event logs over their control planes.
import { controlPlaneClient, type ControlPlaneClient } from '../lib/control-plane-client.ts';
import { hopsFromEvents, type PartyOrigins, type RecordedEvent } from './emulator-hops.ts';
import { flowsFrom } from './flows.ts';
import type { Flow } from './flow.ts';

export interface EmulatorOrigins {
  /** The Auth0 tenant's origins: its canonical domain, and its custom domain when it has one. */
  auth0: string[];
  okta: string;
  /** The relying party's origin(s), when known (for hops the tenant makes to it). */
  app?: string[];
}

export interface EventCursor {
  auth0: number;
  okta: number;
  /** When the cursor was taken: an exchange that began before it (and ended after) is not the reader's. */
  at?: string;
}

export class EmulatorFlows {
  readonly #auth0: ControlPlaneClient;
  readonly #okta: ControlPlaneClient;

  /** `access`: the run's control-plane token, and the local CA. */
  constructor(
    readonly origins: EmulatorOrigins,
    access: { token: string; caCertPem?: string },
  ) {
    this.#auth0 = controlPlaneClient(origins.auth0[0], access);
    this.#okta = controlPlaneClient(origins.okta, access);
  }

  /** Where both logs stand now: flows read later with it start after this point. */
  async cursor(): Promise<EventCursor> {
    const [auth0, okta] = await Promise.all([this.#auth0, this.#okta].map(c => c.get<{ lastSeq: number }>(`/events?since=${Number.MAX_SAFE_INTEGER}`)));
    return { auth0: auth0.lastSeq, okta: okta.lastSeq, at: new Date().toISOString() };
  }

  /** Both logs since the cursor (everything the emulators still hold without one). */
  async events(since?: EventCursor): Promise<{ auth0: RecordedEvent[]; okta: RecordedEvent[] }> {
    const read = (client: ControlPlaneClient, seq?: number) =>
      client.get<{ events: RecordedEvent[] }>(`/events${seq === undefined ? '' : `?since=${seq}`}`).then(r => r.events);
    const [auth0, okta] = await Promise.all([read(this.#auth0, since?.auth0), read(this.#okta, since?.okta)]);
    return { auth0, okta };
  }

  async flows(since?: EventCursor): Promise<Flow[]> {
    const { auth0, okta } = await this.events(since);
    const hops = hopsFromEvents([auth0, okta], this.partyOrigins());
    return flowsFrom(since?.at ? hops.filter(h => h.startedAt >= since.at!) : hops);
  }

  partyOrigins(): PartyOrigins {
    return { auth0: this.origins.auth0, okta: [this.origins.okta], app: this.origins.app };
  }
}
