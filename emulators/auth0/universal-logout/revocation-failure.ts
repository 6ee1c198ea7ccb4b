// Why a global token revocation request was refused: the HTTP status Okta reads, the OAuth-style
// error body Auth0's Authentication API answers with, and a short reason for the event log.
import { VendorError } from '../../shared/vendor-error.ts';

export class RevocationFailure extends VendorError {
  override name = 'RevocationFailure';
  constructor(
    override readonly status: 400 | 401 | 404 | 500,
    readonly error: string,
    readonly description: string,
    /** Machine-readable reason recorded in the event log (e.g. "wrong_aud", "jti_replayed"). */
    readonly reason: string,
  ) {
    super(status, description);
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}
