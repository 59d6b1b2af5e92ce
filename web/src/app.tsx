/** The shell: navigation, the token prompt when the API answers 401, and the page of the path. */
import { readToken, saveToken } from './api.ts';
import { TokenPrompt } from './components/token-prompt.tsx';
import { Evidence } from './pages/evidence.tsx';
import { Live } from './pages/live.tsx';
import { Overview } from './pages/overview.tsx';
import { Teams } from './pages/teams.tsx';
import { Link, useLocation } from './router.tsx';
import { useAuth } from './use-api.ts';

const PAGES = [
  { path: '/', title: 'Overview' },
  { path: '/evidence', title: 'Evidence' },
  { path: '/live', title: 'Live events' },
  { path: '/teams', title: 'Teams' },
];

export function App() {
  const { path, search } = useLocation();
  const { unauthorized } = useAuth();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand" aria-label="fivekeys overview">
          fivekeys
        </Link>
        <nav aria-label="Pages">
          {PAGES.map((page) => (
            <Link key={page.path} href={page.path} aria-current={page.path === path ? 'page' : undefined}>
              {page.title}
            </Link>
          ))}
        </nav>
        <span class="spacer" />
        <a href="/docs">API docs</a>
        {readToken() !== undefined && (
          <button type="button" class="link-button" onClick={() => saveToken(undefined)}>
            Forget token
          </button>
        )}
      </header>
      {unauthorized && <TokenPrompt />}
      {path === '/live' ? (
        <Live />
      ) : path === '/evidence' ? (
        <Evidence search={search} />
      ) : path === '/teams' ? (
        <Teams search={search} />
      ) : (
        <Overview search={search} />
      )}
    </>
  );
}
