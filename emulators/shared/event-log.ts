// The event log: every protocol hop an emulator makes or answers, in order, for tests to assert
// on and for people to read (GET /_emulator/events). Values pass through the redaction helper.
import { redact } from '../../lib/redaction.ts';
import { currentHopId } from './hop-context.ts';

export interface EmulatorEvent {
  seq: number;
  time: string;
  /** Which emulator recorded it: "okta" or "auth0". */
  source: string;
  /** Dotted name of what happened, e.g. "http.request", "oidc.authorize", "gtr.sent". */
  type: string;
  [detail: string]: unknown;
}

/**
 * How many events an emulator keeps: the newest, in a ring, so that memory stays flat however long
 * it runs (README, "Performance"). A login is about 20 events per emulator, so the flow inspector
 * still finds the last few hundred logins; a test reads the events of its own last seconds.
 */
export const EVENT_LOG_SIZE = 5_000;

export class EventLog {
  /** A ring: once full, the oldest event's slot takes the newest (no array shifting on a record). */
  #ring: EmulatorEvent[] = [];
  #next = 0;
  #seq = 0;
  readonly #max: number;

  constructor(
    readonly source: string,
    max = EVENT_LOG_SIZE,
  ) {
    this.#max = max;
  }

  record(type: string, detail: Record<string, unknown> = {}): EmulatorEvent {
    // An event recorded while a request is answered belongs to that request's hop (hop-context.ts).
    const during = type === 'hop' ? undefined : currentHopId();
    const event: EmulatorEvent = {
      ...(during ? { during } : {}),
      ...(redact(detail) as Record<string, unknown>),
      seq: ++this.#seq,
      time: new Date().toISOString(),
      source: this.source,
      type,
    };
    if (this.#ring.length < this.#max) this.#ring.push(event);
    else this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.#max;
    return event;
  }

  /** Events after `since` (a seq), optionally of one type or type prefix ("gtr." matches "gtr.sent"). */
  list(filter: { since?: number; type?: string } = {}): EmulatorEvent[] {
    const inOrder = this.#ring.length < this.#max ? this.#ring : [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
    return inOrder.filter(
      e =>
        (filter.since === undefined || e.seq > filter.since) &&
        (filter.type === undefined || e.type === filter.type || (filter.type.endsWith('.') && e.type.startsWith(filter.type))),
    );
  }

  get lastSeq(): number {
    return this.#seq;
  }

  clear(): void {
    this.#ring = [];
    this.#next = 0;
  }
}
