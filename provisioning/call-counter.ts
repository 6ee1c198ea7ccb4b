// Counts the Management API requests a run makes on each side (every HTTP attempt, retries
// included, since each one spends rate-limit budget) and the 429s it met on the way.
export interface CallCounts {
  okta: number;
  auth0: number;
  /** Client-credentials token requests to Auth0's /oauth/token (not Management API calls). */
  auth0TokenRequests: number;
  /** 429 responses met (each was waited out and retried by the SDK, or surfaced once retries ran out). */
  rateLimited: { okta: number; auth0: number };
  /** The least rate-limit budget left that a response reported on each side (its X-Rate-Limit headers). */
  leastBudget: { okta?: RateBudget; auth0?: RateBudget };
}

export interface RateBudget {
  limit: number;
  remaining: number;
  /** The request path that reported it (each endpoint group has its own budget). */
  path: string;
}

export class CallCounter {
  okta = 0;
  auth0 = 0;
  auth0TokenRequests = 0;
  rateLimited = { okta: 0, auth0: 0 };
  leastBudget: { okta?: RateBudget; auth0?: RateBudget } = {};

  /** Notes a response's rate-limit headers; keeps the smallest share left. */
  budget(side: 'okta' | 'auth0', path: string, limit: string | null, remaining: string | null): void {
    const budget = { limit: Number(limit), remaining: Number(remaining), path };
    if (!(budget.limit > 0) || !Number.isFinite(budget.remaining)) return;
    const least = this.leastBudget[side];
    if (!least || budget.remaining / budget.limit < least.remaining / least.limit) this.leastBudget[side] = budget;
  }

  snapshot(): CallCounts {
    return {
      okta: this.okta,
      auth0: this.auth0,
      auth0TokenRequests: this.auth0TokenRequests,
      rateLimited: { ...this.rateLimited },
      leastBudget: { ...this.leastBudget },
    };
  }
}
