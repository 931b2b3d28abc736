/** Small numeric helpers for the benchmark's figures. */

/** The p-th percentile (0–100) of the values, nearest-rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The median of the values (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds to `digits` decimals (figures are printed, not computed further). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** a / b rounded, or null when b is not a positive number. */
export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) ? round(a / b, 3) : null;
}

/** Runs `work` over the items with at most `limit` running at once; resolves when all are done. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Which targets run together in each round, in order: the bare one's rounds alone first (`bareRuns`, or as many as
 * the others), then, `paired`, the two others together in every round; otherwise each alone, alternating forwards
 * and backwards (bare, bot, minimal, minimal, bot, bare…) so drift over the run hits them alike.
 */
export function roundGroups<T extends string>(targets: readonly [T, T, T], runsPerTarget: number, bareRuns: number | undefined, paired: boolean | undefined): T[][] {
  const [bare, ...others] = targets;
  let bareLeft = bareRuns ?? runsPerTarget;
  if (paired) return [...Array.from({ length: bareLeft }, () => [bare]), ...Array.from({ length: runsPerTarget }, () => [...others])];
  const order: T[] = [];
  for (let i = 0; i < runsPerTarget; i += 1) order.push(...(i % 2 === 0 ? targets : [...targets].reverse()));
  return order.filter((target) => target !== bare || bareLeft-- > 0).map((target) => [target]);
}

/** Bot ÷ minimal: the median of each round's ratio when paired (the two shared that round's machine), else the ratio of the medians. */
export function versusMinimal(bots: number[], minimals: number[], paired: boolean | undefined): number | null {
  return paired ? round(median(bots.map((value, i) => value / minimals[i]!)), 3) : ratio(median(bots), median(minimals));
}

/** Calls by method in these channels, from counts by channel and method (`takeCallCountsByChannel`). */
export function callsIn(byChannel: Record<string, Record<string, number>>, channels: ReadonlySet<string>): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [channel, counts] of Object.entries(byChannel)) {
    if (!channels.has(channel)) continue;
    for (const [method, count] of Object.entries(counts)) calls[method] = (calls[method] ?? 0) + count;
  }
  return calls;
}
