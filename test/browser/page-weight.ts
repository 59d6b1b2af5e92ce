/** What a first visit downloads: index.html and the assets it names, raw and gzip-compressed. */
import { gzipSync } from 'node:zlib';

export async function pageWeight(origin: string) {
  const html = await (await fetch(`${origin}/`)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  let bytes = Buffer.byteLength(html);
  let gzipBytes = gzipSync(html, { level: 9 }).length;
  const files: Record<string, number> = {};
  for (const asset of assets) {
    const body = Buffer.from(await (await fetch(origin + asset)).arrayBuffer());
    bytes += body.length;
    const compressed = gzipSync(body, { level: 9 }).length;
    gzipBytes += compressed;
    files[asset.replace(/-[\w-]{8}\./, '.')] = compressed;
  }
  return { bytes, gzipBytes, files };
}
