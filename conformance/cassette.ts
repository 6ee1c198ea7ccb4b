// Recorded HTTP traffic, read from go-vcr cassettes (version 2 YAML: one file per recorded test,
// `interactions[]` each holding the real request and the real service's response). Only what a
// replay needs is kept; the file itself stays as it was recorded.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';

export interface RecordedInteraction {
  /** Position in the cassette (go-vcr's `id`). */
  index: number;
  method: string;
  url: URL;
  /** The request body as sent ('' when none). */
  requestBody: string;
  status: number;
  /** The response body as received ('' when none). */
  responseBody: string;
}

export interface Cassette {
  /** The file name without extension: the recorded test's name. */
  name: string;
  interactions: RecordedInteraction[];
}

interface GoVcrInteraction {
  id: number;
  request: { method: string; url: string; body?: string };
  response: { code: number; body?: string };
}

export function loadGoVcrCassette(path: string): Cassette {
  const document = parse(readFileSync(path, 'utf8')) as { version?: number; interactions?: GoVcrInteraction[] };
  if (document?.version !== 2 || !Array.isArray(document.interactions))
    throw new Error(`${path}: not a go-vcr version 2 cassette (expected "version: 2" and an "interactions" list)`);
  return {
    name: basename(path).replace(/\.ya?ml$/, ''),
    interactions: document.interactions.map(i => ({
      index: i.id,
      method: i.request.method,
      url: new URL(i.request.url),
      requestBody: i.request.body ?? '',
      status: i.response.code,
      responseBody: i.response.body ?? '',
    })),
  };
}
