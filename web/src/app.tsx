/** The shell: navigation, the token prompt when the API answers 401, and the page of the path. */
import { SiteHeader, type NavPage } from './components/site-header.tsx';
import { TokenPrompt } from './components/token-prompt.tsx';
import { Benchmarks } from './pages/benchmarks.tsx';
import { Evidence } from './pages/evidence.tsx';
import { Live } from './pages/live.tsx';
import { Overview } from './pages/overview.tsx';
import { Settings } from './pages/settings.tsx';
import { useLocation } from './router.tsx';
import { useAuth } from './use-api.ts';

const PAGES: NavPage[] = [
  { path: '/', title: 'Overview' },
  { path: '/evidence', title: 'Evidence' },
  { path: '/benchmarks', title: 'Benchmarks' },
  { path: '/live', title: 'Live events' },
  { path: '/settings', title: 'Settings' },
  { path: '/docs', title: 'API docs', external: true },
];

export function App() {
  const { path, search } = useLocation();
  const { unauthorized } = useAuth();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <SiteHeader pages={PAGES} path={path} />
      {unauthorized && <TokenPrompt />}
      {path === '/benchmarks' ? (
        <Benchmarks search={search} />
      ) : path === '/live' ? (
        <Live />
      ) : path === '/settings' ? (
        <Settings />
      ) : path === '/evidence' ? (
        <Evidence search={search} />
      ) : (
        <Overview search={search} />
      )}
    </>
  );
}
