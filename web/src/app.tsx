/** The shell: navigation, the token prompt when the API answers 401, and the page of the path. */
import type { JSX } from 'preact';
import { SiteHeader, type NavPage } from './components/site-header.tsx';
import { TokenPrompt } from './components/token-prompt.tsx';
import { Benchmarks } from './pages/benchmarks.tsx';
import { Evidence } from './pages/evidence.tsx';
import { Live } from './pages/live.tsx';
import { Overview } from './pages/overview.tsx';
import { Settings } from './pages/settings.tsx';
import { Teams } from './pages/teams.tsx';
import { useLocation } from './router.tsx';
import { useAuth } from './use-api.ts';

const PAGES: NavPage[] = [
  { path: '/', title: 'Overview' },
  { path: '/teams', title: 'Teams' },
  { path: '/evidence', title: 'Evidence' },
  { path: '/benchmarks', title: 'Benchmarks' },
  { path: '/live', title: 'Live events' },
  { path: '/settings', title: 'Settings' },
  { path: '/docs', title: 'API docs', external: true },
];

/** The page of each path the server answers with the app (src/http/routes/dashboard.ts). */
const ROUTES: Record<string, (search: string) => JSX.Element> = {
  '/teams': (search) => <Teams search={search} />,
  '/evidence': (search) => <Evidence search={search} />,
  '/benchmarks': (search) => <Benchmarks search={search} />,
  '/live': () => <Live />,
  '/settings': () => <Settings />,
};
const overview = (search: string) => <Overview search={search} />;

export function App() {
  const { path, search } = useLocation();
  const { unauthorized } = useAuth();
  const page = ROUTES[path] ?? overview;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <SiteHeader pages={PAGES} path={path} />
      {unauthorized && <TokenPrompt />}
      {page(search)}
    </>
  );
}
