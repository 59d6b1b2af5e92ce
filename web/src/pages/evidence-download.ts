/**
 * "Download CSV": the rows on screen, fetched again as `text/csv` with the stored token (a plain
 * link could not send it) and saved under the file name the API gives.
 */
import { readToken } from '../api.ts';

export async function downloadCsv(path: string): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/csv' };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  if (!response.ok)
    throw new Error(`The CSV could not be fetched: ${response.status} ${response.statusText}`);
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'evidence.csv';
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click has started the download; the object URL can go once it was read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
