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

export class EventLog {
  #events: EmulatorEvent[] = [];
  #seq = 0;
  readonly #max: number;

  constructor(
    readonly source: string,
    max = 20_000,
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
    this.#events.push(event);
    if (this.#events.length > this.#max) this.#events.splice(0, this.#events.length - this.#max);
    return event;
  }

  /** Events after `since` (a seq), optionally of one type or type prefix ("gtr." matches "gtr.sent"). */
  list(filter: { since?: number; type?: string } = {}): EmulatorEvent[] {
    return this.#events.filter(
      e =>
        (filter.since === undefined || e.seq > filter.since) &&
        (filter.type === undefined || e.type === filter.type || (filter.type.endsWith('.') && e.type.startsWith(filter.type))),
    );
  }

  get lastSeq(): number {
    return this.#seq;
  }

  clear(): void {
    this.#events = [];
  }
}
