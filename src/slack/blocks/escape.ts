const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes `&`, `<` and `>` as HTML entities, the three characters Slack's mrkdwn treats as control
 * characters. After escaping, untrusted text cannot form a mention (`<!channel>`, `<@U…>`,
 * `<!subteam^…>`) or a link. Escape each untrusted string exactly once: an `&amp;` in the input is
 * escaped again to `&amp;amp;`, so Slack shows it as the literal text `&amp;`.
 */
export function escapeText(untrusted: string): string {
  return untrusted.replace(/[&<>]/g, (character) => ENTITIES[character] ?? character);
}
