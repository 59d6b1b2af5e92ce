/**
 * What every dashboard page must pass, in the same real browser: an axe-core audit with no serious
 * or critical violation, no horizontal overflow at phone widths, and screenshots at 1400 px and
 * 375 px in light and dark (test-artifacts/pages/<name>-<width>-<scheme>.png).
 */
import assert from 'node:assert/strict';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { screenshot } from './browser.ts';

const AXE_SOURCE = axe.source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page as it is now; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the dashboard's CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    'axe.run(document).then((result) => result.violations)',
  )) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Fails with each violation's rule, help text and the elements it names. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const violations = await seriousViolations(page);
  const described = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
  assert.deepEqual(described, [], `${label}: axe-core found serious or critical violations`);
}

/** The elements wider than the viewport (scrollWidth beyond clientWidth), by selector-ish name. */
export async function overflowing(page: Page): Promise<string[]> {
  // A string, not a function: this project's tsconfig has no DOM types outside web/.
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const names = [];
    for (const element of document.querySelectorAll('body *')) {
      // Content inside its own scroll box (a wide table marked data-scrolls) does not count.
      if (element.getBoundingClientRect().right > width + 1 && !element.closest('[data-scrolls]')) {
        const first = typeof element.className === 'string' ? element.className.split(' ')[0] : '';
        names.push(element.tagName.toLowerCase() + (first ? '.' + first : ''));
      }
    }
    return names.slice(0, 10);
  })()`) as Promise<string[]>;
}

export const WIDTHS = [1400, 375] as const;
export const SCHEMES = ['light', 'dark'] as const;

/**
 * Opens `url` in a fresh page for each width × colour scheme, waits for `ready` (a selector), then
 * audits it, checks overflow at 375 px, and keeps a screenshot. `prepare` runs on each new page
 * before navigation (e.g. to store a token in localStorage via an init script).
 */
export async function auditPage(
  browser: Browser,
  options: {
    name: string;
    url: string;
    ready: string;
    prepare?: (page: Page) => Promise<void>;
  },
): Promise<string[]> {
  const shots: string[] = [];
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      const page = await browser.newPage({ colorScheme, viewport: { width, height: 900 } });
      try {
        await options.prepare?.(page);
        await page.goto(options.url);
        await page.waitForSelector(options.ready);
        const label = `${options.name} at ${width}px ${colorScheme}`;
        await assertAccessible(page, label);
        if (width < 500) assert.deepEqual(await overflowing(page), [], `${label}: wider than the viewport`);
        shots.push(await screenshot(page, `pages/${options.name}-${width}-${colorScheme}`));
      } finally {
        await page.close();
      }
    }
  }
  return shots;
}
