/** Formats milliseconds as seconds with one decimal ("4.2"), for messages. */
export function formatSeconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(1);
}
