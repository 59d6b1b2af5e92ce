/** `dark` or `light` as the system says, live: charts draw on canvas and re-read the palette. */
import { useEffect, useState } from 'preact/hooks';

const query = () => matchMedia('(prefers-color-scheme: dark)');

export function useColorScheme(): 'dark' | 'light' {
  const [dark, setDark] = useState(() => query().matches);
  useEffect(() => {
    const media = query();
    const update = () => setDark(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return dark ? 'dark' : 'light';
}
