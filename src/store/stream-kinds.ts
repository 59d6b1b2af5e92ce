/**
 * The derived columns of a stream's deployments (DESIGN.md §3.5), computed by one ordered pass
 * over the rows `updateStreamDeployments` read in stream order (finish time, then id): linear in the rows, whatever plan
 * the database would have chosen for the same rules written as joins.
 */

type Kind = 'standard' | 'rollback' | 'hotfix';

/** A deployment of one stream, as stored. */
export interface StreamDeployment {
  id: number;
  status: string;
  finished_at: Date;
  /** The source's kind; null: infer. */
  kind: Kind | null;
  version: string | null;
  effective_kind: Kind;
  remediated_at: Date | null;
  /** The last success before the recomputed range: only its remediation can change. */
  predecessor: boolean;
}

export interface DerivedDeployment {
  id: number;
  effective_kind: Kind;
  remediated_at: Date | null;
}

/**
 * The rows of one stream (in stream order, its predecessor first) whose values change. The kind
 * is the source's, else a rollback when an earlier success of the stream deployed the same
 * version: one of these rows, or one before them (`deployedBefore`). A success was remediated when the next success of its stream is a rollback or hotfix;
 * one without a next success keeps its value, as a failure does.
 */
export function deriveStream(
  rows: readonly StreamDeployment[],
  deployedBefore: (version: string) => boolean,
): DerivedDeployment[] {
  const deployed = new Set<string>();
  const kinds = rows.map((row) => {
    if (row.predecessor) return row.effective_kind;
    const redeployed = row.version !== null && (deployed.has(row.version) || deployedBefore(row.version));
    if (row.status === 'success' && row.version !== null) deployed.add(row.version);
    return row.kind ?? (redeployed ? 'rollback' : 'standard');
  });
  const remediated = rows.map((row) => row.remediated_at);
  let previous: number | undefined;
  rows.forEach((row, index) => {
    if (row.status !== 'success') return;
    if (previous !== undefined) remediated[previous] = kinds[index] === 'standard' ? null : row.finished_at;
    previous = index;
  });
  return rows.flatMap((row, index) => {
    const effective_kind = kinds[index]!;
    const remediated_at = remediated[index]!;
    return effective_kind === row.effective_kind && remediated_at?.getTime() === row.remediated_at?.getTime()
      ? []
      : [{ id: row.id, effective_kind, remediated_at }];
  });
}
