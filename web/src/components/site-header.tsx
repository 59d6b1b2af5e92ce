/**
 * The header: brand, the page links, and on narrow screens a menu button that shows them
 * (`aria-expanded`, Escape closes and gives focus back to the button). The links come from the
 * app's one page list.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { readToken, saveToken } from '../api.ts';
import { Link } from '../router.tsx';
import '../styles/site-header.css';

export interface NavPage {
  path: string;
  title: string;
  /** Served by the API rather than the dashboard (Swagger UI): a full page load. */
  external?: boolean;
}

export function SiteHeader({ pages, path }: { pages: readonly NavPage[]; path: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <header class="top">
      <Link href="/" class="brand" aria-label="fivekeys overview">
        fivekeys
      </Link>
      <button
        ref={button}
        type="button"
        class="menu-button"
        aria-expanded={open}
        aria-controls="site-nav"
        onClick={() => setOpen(!open)}
      >
        <span class="menu-icon" aria-hidden="true" />
        Menu
      </button>
      <nav id="site-nav" aria-label="Pages" data-open={open ? 'true' : 'false'}>
        {pages.map((page) =>
          page.external ? (
            <a key={page.path} href={page.path}>
              {page.title}
            </a>
          ) : (
            <Link key={page.path} href={page.path} aria-current={page.path === path ? 'page' : undefined}>
              {page.title}
            </Link>
          ),
        )}
      </nav>
      {readToken() !== undefined && (
        <button type="button" class="link-button forget-token" onClick={() => saveToken(undefined)}>
          Forget token
        </button>
      )}
    </header>
  );
}
