// Files into and out of a container through the Docker API's tar archives: the emulators' image
// has no shell (no `cat`, no `chown`), and a file handed to its non-root user must be owned by it,
// which only a tar entry's uid and gid can say.
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';

/** The user the images run as (containers/Dockerfile: USER 1000:1000). */
export const IMAGE_USER = { uid: 1000, gid: 1000 };

export interface FileForContainer {
  /** Path relative to the archive's target folder. */
  name: string;
  content: string;
  mode: number;
}

/** A tar archive of `files`, owned by the image's user. */
export async function archiveOf(files: FileForContainer[]): Promise<Readable> {
  const pack = tar.pack();
  for (const file of files) pack.entry({ name: file.name, mode: file.mode, uid: IMAGE_USER.uid, gid: IMAGE_USER.gid }, file.content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Readable.from(Buffer.concat(chunks));
}

/** The content of the one file of a `docker cp`-style archive (GET /containers/{id}/archive). */
export async function fileOfArchive(archive: NodeJS.ReadableStream): Promise<string> {
  const extract = tar.extract();
  (archive as Readable).pipe(extract);
  let content: string | undefined;
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    content ??= Buffer.concat(chunks).toString('utf8');
  }
  if (content === undefined) throw new Error('The archive holds no file');
  return content;
}
