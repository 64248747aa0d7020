/** Rule ids (R3.2 …) as links to their /reference entry: anchors and Markdown. Pure, for server and client. */
export const RULE_RE = /\bR(\d{1,2})\.(\d{1,2})\b/g;

/** "R3.2" → "r3-2", the anchor of the rule on /reference. */
export function ruleAnchor(id: string): string {
  return id.toLowerCase().replace('.', '-');
}

export function ruleHref(id: string): string {
  return `/reference#${ruleAnchor(id)}`;
}

/**
 * Turns rule ids in Markdown into Markdown links to /reference, outside code spans and fenced code and not
 * when already inside a link's text or URL.
 */
export function linkRulesInMarkdown(md: string): string {
  return md
    .split(/(```[\s\S]*?```|`[^`\n]*`|\[[^\]]*\]\([^)]*\))/g)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(RULE_RE, (id) => `[${id}](${ruleHref(id)})`)))
    .join('');
}
