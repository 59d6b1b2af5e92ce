/** Reading the repository's Markdown as a reader sees it: headings' anchors, links, fenced blocks. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { lexer, walkTokens, type Token, type Tokens } from 'marked';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every Markdown file under docs/, as paths relative to the repository root. */
export function markdownFiles(): string[] {
  const docs = readdirSync(`${ROOT}docs`, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

export const readDoc = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');

export const tokensOf = (path: string): Token[] => lexer(readDoc(path));

/** What GitHub shows of inline Markdown: code spans without backticks, links by their text. */
function plainText(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) =>
      'tokens' in token && token.tokens ? plainText(token.tokens) : 'text' in token ? token.text : '',
    )
    .join('');
}

/** The `#anchor` of every heading, numbered like GitHub does when two headings share a title. */
export function anchorsOf(path: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  walkTokens(tokensOf(path), (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText((token as Tokens.Heading).tokens)));
  });
  return anchors;
}

export function linksOf(path: string): string[] {
  const hrefs: string[] = [];
  walkTokens(tokensOf(path), (token) => {
    if (token.type === 'link' || token.type === 'image') hrefs.push((token as Tokens.Link).href);
  });
  return hrefs;
}

export interface Section {
  heading: string;
  depth: number;
  tokens: Token[];
}

/** The document cut at every heading: each section holds what lies between it and the next heading. */
export function sectionsOf(path: string): Section[] {
  const sections: Section[] = [{ heading: '', depth: 0, tokens: [] }];
  for (const token of tokensOf(path)) {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      sections.push({ heading: plainText(heading.tokens), depth: heading.depth, tokens: [] });
    } else {
      sections.at(-1)!.tokens.push(token);
    }
  }
  return sections;
}
