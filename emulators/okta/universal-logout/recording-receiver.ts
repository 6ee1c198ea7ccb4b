// A small HTTPS listener that records every request it gets (method, path, headers, body) and
// answers with a chosen status: it stands in for a logout-enabled app's revocation endpoint or an
// app's SCIM connector in the Okta emulator's tests.
import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import { listenHttps } from '../../shared/https-server.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingReceiver {
  /** https://127.0.0.1:{port} */
  origin: string;
  requests: RecordedRequest[];
  /** The answer to the next requests: status and optional JSON body, or a function of the request. */
  respond(answer: (request: RecordedRequest) => { status: number; body?: unknown }): void;
  close(): Promise<void>;
}

export async function startRecordingReceiver(tls: { certPem: string; keyPem: string }): Promise<RecordingReceiver> {
  const requests: RecordedRequest[] = [];
  let answer: (request: RecordedRequest) => { status: number; body?: unknown } = () => ({ status: 204 });
  const record: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const { status, body } = answer(request);
      res.statusCode = status;
      if (body !== undefined) res.setHeader('content-type', 'application/scim+json');
      res.end(body === undefined ? undefined : JSON.stringify(body));
    });
  };
  const server = await listenHttps(record, tls, '127.0.0.1', 0, 'Recording receiver');
  return {
    origin: server.origin,
    requests,
    respond: next => {
      answer = next;
    },
    close: server.close,
  };
}
