/** Largest edit distance at which a typed word still suggests a subcommand (`stauts` → `status`). */
const MAX_SUGGESTION_DISTANCE = 2;

/** Returns the subcommand nearest to `typed` by edit distance, if one is close enough to suggest. */
export function closestSubcommand(typed: string, subcommands: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of subcommands) {
    const distance = editDistance(word, name);
    if (distance <= MAX_SUGGESTION_DISTANCE && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1 each. */
function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  // table[row][column] is the distance between the first `row` letters of left and the first `column` of right.
  const table: number[][] = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
  for (let column = 0; column < columns; column += 1) (table[0] as number[])[column] = column;
  for (let row = 0; row < rows; row += 1) (table[row] as number[])[0] = row;
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      const current = table[row] as number[];
      const previous = table[row - 1] as number[];
      current[column] = Math.min((previous[column] as number) + 1, (current[column - 1] as number) + 1, (previous[column - 1] as number) + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        current[column] = Math.min(current[column] as number, ((table[row - 2] as number[])[column - 2] as number) + 1);
      }
    }
  }
  return (table[rows - 1] as number[])[columns - 1] as number;
}
