// Code comments, the specs and the README point at the facts they rely on as
// `docs/fidelity.md#<section>`. This keeps those pointers followable: every cited section must be a
// heading of docs/fidelity.md (anchors as GitHub makes them), and no file may cite a section (the
// section sign) of a document the repository does not hold; a published standard such as RFC 7644
// is the exception: anyone can read its sections.
//
// The README is the front page and docs/ holds the reference it links to, so a section moved or
// renamed must not leave a link behind: every relative link in README.md, CONTRIBUTING.md and
// docs/*.md must name a file of the repository and, when it has an #anchor, a heading of that file.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import GithubSlugger from 'github-slugger';
import { test, expect } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');
const FIDELITY = join(ROOT, 'docs', 'fidelity.md');

/** Folders that are not the project's text: dependencies, run output, recorded vendor traffic. */
const SKIPPED = new Set(['node_modules', '.git', '.harness', 'playwright-report', 'test-results', 'blob-report', 'scratch', join('conformance', 'recordings')]);
const TEXT_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs', '.cjs', '.md', '.json', '.yaml', '.yml', '.html', '.css', '.sh', '']);

interface Place {
  file: string;
  line: number;
  text: string;
}

/** The anchors GitHub gives the headings of a Markdown text (code fences skipped, duplicates numbered). */
export function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s{0,3}(```|~~~)/.exec(line)?.[1];
    if (marker) fence = fence === marker ? undefined : (fence ?? marker);
    if (fence) continue;
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    // The anchor comes from the rendered text: link targets, code ticks and emphasis marks are not in it.
    const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    anchors.add(slugger.slug(text));
  }
  return anchors;
}

/** Every `fidelity.md#<anchor>` in a text, with its line. */
export function fidelityCitations(file: string, text: string): (Place & { anchor: string })[] {
  const found: (Place & { anchor: string })[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(/fidelity\.md#([A-Za-z0-9_-]+)/g)) found.push({ file, line: i + 1, text: line.trim(), anchor: match[1] });
  });
  return found;
}

/** `](#anchor)` links inside a Markdown text. */
export function localLinks(file: string, text: string): (Place & { anchor: string })[] {
  const found: (Place & { anchor: string })[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(/\]\(#([^)\s]+)\)/g)) found.push({ file, line: i + 1, text: line.trim(), anchor: match[1] });
  });
  return found;
}

/** The section sign, written so that this file does not cite anything itself. */
const SECTION = '\u00a7';

/**
 * Section-sign citations that do not name a document of the repository: a bare section number, a
 * "reference" with one, or a document the repository does not have. An RFC's sections are fine
 * (also in a list after it), and so is a file that exists (relative to the repository or to the
 * citing file).
 */
export function foreignSectionCitations(file: string, text: string, exists: (path: string) => boolean): (Place & { why: string })[] {
  const found: (Place & { why: string })[] = [];
  const citation = new RegExp(`(RFC ?\\d{3,5}|[\\w./-]+\\.[A-Za-z]{1,5})\\s+${SECTION}\\s?\\d[\\d.]*(?:\\s*(?:,|–|-|and)\\s*${SECTION}?\\s?\\d[\\d.]*)*`, 'g');
  text.split('\n').forEach((line, i) => {
    if (!line.includes(SECTION)) return;
    const covered: [number, number, string][] = [...line.matchAll(citation)].map(m => [m.index!, m.index! + m[0].length, m[1]]);
    for (let at = line.indexOf(SECTION); at !== -1; at = line.indexOf(SECTION, at + 1)) {
      const by = covered.find(([start, end]) => at >= start && at < end);
      const place = { file, line: i + 1, text: line.trim() };
      if (!by) found.push({ ...place, why: 'a section cited with no document named before it' });
      else if (!/^RFC ?\d/.test(by[2]) && !exists(by[2]) && !exists(join(dirname(file), by[2])))
        found.push({ ...place, why: `a section of ${by[2]}, which is not in the repository` });
    }
  });
  return [...new Map(found.map(f => [`${f.file}:${f.line}:${f.why}`, f])).values()];
}

function projectTextFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SKIPPED.has(relative(ROOT, path)) || SKIPPED.has(entry.name)) continue;
    if (entry.isDirectory()) files.push(...projectTextFiles(path));
    else if (entry.isFile() && TEXT_EXTENSIONS.has(extname(entry.name)) && !entry.name.startsWith('.env')) files.push(path);
  }
  return files;
}

const describe = (places: (Place & { anchor?: string; why?: string })[]) =>
  places.map(p => `${p.file}:${p.line} ${p.anchor ? `#${p.anchor}` : p.why}: ${p.text.slice(0, 140)}`);

test.describe('docs/fidelity.md citations', () => {
  const anchors = headingAnchors(readFileSync(FIDELITY, 'utf8'));
  const files = projectTextFiles().map(path => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

  test('every docs/fidelity.md#<anchor> cited in the code, the specs and the README is a heading of docs/fidelity.md', () => {
    const citations = files.flatMap(f => fidelityCitations(f.path, f.text));
    // The code cites the page a hundred times and more; finding none would mean the scan is broken.
    expect(citations.length).toBeGreaterThan(100);
    expect(
      citations.some(c => c.file === 'README.md'),
      'the README links the page',
    ).toBe(true);
    expect(describe(citations.filter(c => !anchors.has(c.anchor))), 'citations of sections docs/fidelity.md does not have').toEqual([]);
  });

  test('the links of docs/fidelity.md to its own sections resolve', () => {
    const links = localLinks('docs/fidelity.md', readFileSync(FIDELITY, 'utf8'));
    expect(links.length).toBeGreaterThan(0);
    expect(describe(links.filter(l => !anchors.has(l.anchor)))).toEqual([]);
  });

  test('no file cites a section of a document that is not in the repository', () => {
    const offenders = files.flatMap(f => foreignSectionCitations(f.path, f.text, path => existsSync(join(ROOT, path))));
    expect(describe(offenders), 'cite docs/fidelity.md#<section> instead').toEqual([]);
  });

  test('the checks catch what they are for: a broken anchor, a bare or foreign section citation', () => {
    const page =
      '# Fidelity\n\n## Okta org\n\n### Management API\n\n```\n# not a heading\n```\n\n## Auth0 tenant\n\n### Management API\n\n### The `okta` connection broker\n\n### Universal Logout (sender) and SCIM push\n';
    expect([...headingAnchors(page)]).toEqual([
      'fidelity',
      'okta-org',
      'management-api',
      'auth0-tenant',
      'management-api-1',
      'the-okta-connection-broker',
      'universal-logout-sender-and-scim-push',
    ]);
    // Written in two parts, so that the scan of this file does not take them for citations.
    const cite = (anchor: string) => `docs/fidelity.md${'#'}${anchor}`;
    const cited = fidelityCitations('x.ts', `// see ${cite('management-api-1')} and ${cite('management-api-2')}`);
    expect(cited.filter(c => !headingAnchors(page).has(c.anchor)).map(c => c.anchor)).toEqual(['management-api-2']);

    const none = () => false;
    const S = SECTION;
    const whys = (text: string) => foreignSectionCitations('x.ts', text, none).map(f => f.why);
    expect(whys(`// issuer with the trailing slash (${S}13.1)`)).toEqual(['a section cited with no document named before it']);
    expect(whys(`// (reference ${S}6, ${S}16)`)).toEqual(['a section cited with no document named before it']);
    expect(whys(`// profile sync (auth0.md ${S}12)`)).toEqual(['a section of auth0.md, which is not in the repository']);
    expect(whys(`// SCIM filters (RFC 7644 ${S}3.4.2.2, ${S}3.5.2); caseExact (RFC 7643 ${S}3.1)`)).toEqual([]);
    expect(foreignSectionCitations('x.ts', `// see docs/fidelity.md ${S}2`, path => path === 'docs/fidelity.md')).toEqual([]);
  });
});

interface Link {
  file: string;
  line: number;
  target: string;
}

/** The relative link and image targets of a Markdown text (code fences and inline code skipped). */
export function relativeLinks(file: string, markdown: string): Link[] {
  const links: Link[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((line, i) => {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker) fence = fence === marker ? undefined : (fence ?? marker);
    if (fence || marker) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and the like
      links.push({ file, line: i + 1, target });
    }
  });
  return links;
}

/** Why a link does not resolve, or undefined when it does. */
export function brokenBecause(link: Link, read: (path: string) => string | undefined): string | undefined {
  const [path, anchor] = link.target.split('#', 2);
  const resolved = path ? join(dirname(link.file), decodeURIComponent(path)) : link.file;
  const text = read(resolved);
  if (text === undefined) return `${resolved} does not exist`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith('.md')) return `an anchor into ${resolved}, which is not Markdown`;
  return headingAnchors(text).has(anchor) ? undefined : `${resolved} has no heading #${anchor}`;
}

function readProjectFile(path: string): string | undefined {
  const full = join(ROOT, path);
  if (!existsSync(full)) return undefined;
  try {
    return readFileSync(full, 'utf8');
  } catch {
    return ''; // a folder: it exists, and has no headings
  }
}

test.describe('links of README.md and docs/', () => {
  test('every relative link in README.md, CONTRIBUTING.md and docs/*.md names a file, and a heading of it when it has an anchor', () => {
    const pages = [
      'README.md',
      'CONTRIBUTING.md',
      ...readdirSync(join(ROOT, 'docs'))
        .filter(name => name.endsWith('.md'))
        .map(name => join('docs', name)),
    ];
    const links = pages.flatMap(page => relativeLinks(page, readFileSync(join(ROOT, page), 'utf8')));
    // The README links every page under docs/; far fewer links would mean the scan is broken.
    expect(links.length).toBeGreaterThan(50);
    for (const page of pages.filter(p => p !== 'README.md'))
      expect(
        links.some(l => l.file === 'README.md' && l.target.split('#')[0] === page),
        `the README links ${page}`,
      ).toBe(true);
    const broken = links.flatMap(link => {
      const why = brokenBecause(link, readProjectFile);
      return why ? [`${link.file}:${link.line} (${link.target}): ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  test('the link check catches what it is for: a missing file, a missing heading, an anchor of its own page', () => {
    const files: Record<string, string> = {
      'README.md': '# Harness\n\n## Quick start\n',
      'docs/testing.md': '# Testing\n\n## Tests\n\n### Crash recovery\n',
    };
    const page = [
      'See [tests](docs/testing.md#tests), [recovery](docs/testing.md#crash-recovery) and [start](#quick-start).',
      '![shot](docs/screenshots/gone.png) [old](docs/testing.md#capability-flags) [self](#nowhere)',
      'Not links: `[x](docs/none.md)` and [site](https://example.com/a#b).',
      '```',
      '[fenced](docs/none.md)',
      '```',
    ].join('\n');
    const links = relativeLinks('README.md', page);
    expect(links.map(l => l.target)).toEqual([
      'docs/testing.md#tests',
      'docs/testing.md#crash-recovery',
      '#quick-start',
      'docs/screenshots/gone.png',
      'docs/testing.md#capability-flags',
      '#nowhere',
    ]);
    expect(links.map(l => brokenBecause(l, path => files[path]))).toEqual([
      undefined,
      undefined,
      undefined,
      'docs/screenshots/gone.png does not exist',
      'docs/testing.md has no heading #capability-flags',
      'README.md has no heading #nowhere',
    ]);
    // From inside docs/, a link is relative to docs/.
    expect(brokenBecause({ file: 'docs/testing.md', line: 1, target: '../README.md#quick-start' }, path => files[path])).toBeUndefined();
    expect(brokenBecause({ file: 'docs/testing.md', line: 1, target: 'emulators.md#x' }, path => files[path])).toBe('docs/emulators.md does not exist');
  });
});
