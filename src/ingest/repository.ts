/**
 * Repositories arrive as `owner/name`, as clone URLs or as web URLs; they are kept as the path
 * (`owner/name`, or `group/sub/name` on GitLab) so the catalog can match them however they were sent.
 */
export function normalizeRepository(value: string): string {
  const trimmed = value.trim();
  const withoutScheme = trimmed
    .replace(/^[a-z+]+:\/\/(?:[^@/]+@)?[^/]+\//i, '')
    .replace(/^[^@/\s]+@[^:/\s]+:/, '');
  return withoutScheme.replace(/\.git$/i, '').replace(/^\/+|\/+$/g, '');
}
