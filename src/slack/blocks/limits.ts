/**
 * Slack Block Kit and message limits, from the Block Kit reference (docs.slack.dev, block and element
 * pages) and the `@slack/types` 2.x type documentation. Lengths are counted in UTF-16 code units
 * (JavaScript `length`), which is never less than Slack's character count.
 */
export const SLACK_LIMITS = {
  /** Text of a section block. */
  sectionText: 3000,
  /** Text of one field of a section block. */
  fieldText: 2000,
  /** Fields of one section block. */
  fieldsPerSection: 10,
  /** Plain text of a header block. */
  headerText: 150,
  /** Elements of one context block. */
  contextElements: 10,
  /** Text of a button. */
  buttonText: 75,
  /** Value of a button. */
  buttonValue: 2000,
  /** Length of an `action_id` or a `block_id`. */
  id: 255,
  /** Elements of one actions block. */
  actionsElements: 25,
  /** Blocks in one message. */
  blocksPerMessage: 50,
} as const;

/**
 * Default budget for the text of all blocks of one message. Slack documents 40 000 characters for a
 * message's `text`, but rejects block lists well below that with `msg_blocks_too_long` (reported near
 * 13 000 characters of block text), so pxmysql keeps each message under 11 000.
 */
export const DEFAULT_MESSAGE_TEXT_BUDGET = 11_000;

/** Maximum length of the fallback `text` the bot derives from blocks; notifications show only a preview. */
export const DEFAULT_FALLBACK_TEXT_MAX = 500;
