/**
 * Finds circular `underlying_id` chains in a carriers table given as
 * id -> underlying id. Pure; each cycle is reported once, as the ids in
 * chain order starting from its smallest id (so messages are deterministic).
 */
export function findUnderlyingCycles(underlying: ReadonlyMap<string, string | null>): string[][] {
  const state = new Map<string, 'walking' | 'done'>();
  const cycles: string[][] = [];
  for (const start of underlying.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let id: string | null | undefined = start;
    while (id != null && underlying.has(id) && !state.has(id)) {
      state.set(id, 'walking');
      path.push(id);
      id = underlying.get(id);
    }
    // Reaching an id of this very walk closes a new cycle; an id finished by
    // an earlier walk was already judged.
    if (id != null && state.get(id) === 'walking') {
      const cycle = path.slice(path.indexOf(id));
      const first = cycle.indexOf([...cycle].sort()[0]);
      cycles.push([...cycle.slice(first), ...cycle.slice(0, first)]);
    }
    for (const walked of path) state.set(walked, 'done');
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function describeCycle(cycle: readonly string[]): string {
  return `circular underlying_id chain: ${[...cycle, cycle[0]].join(' -> ')}`;
}
