// Counts the Management API requests a run makes on each side (every HTTP attempt, retries
// included, since each one spends rate-limit budget) and the 429s it met on the way.
export interface CallCounts {
  okta: number;
  auth0: number;
  /** Client-credentials token requests to Auth0's /oauth/token (not Management API calls). */
  auth0TokenRequests: number;
  /** 429 responses met (each was waited out and retried by the SDK, or surfaced once retries ran out). */
  rateLimited: { okta: number; auth0: number };
}

export class CallCounter {
  okta = 0;
  auth0 = 0;
  auth0TokenRequests = 0;
  rateLimited = { okta: 0, auth0: 0 };

  snapshot(): CallCounts {
    return { okta: this.okta, auth0: this.auth0, auth0TokenRequests: this.auth0TokenRequests, rateLimited: { ...this.rateLimited } };
  }
}
