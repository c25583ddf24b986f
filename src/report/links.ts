/**
 * Source addresses as links. Scenario files often give a source's address without a scheme
 * ("brecorder.com/news/40361555"): it gets https://. Only http(s) addresses become links; anything else
 * (another scheme such as javascript: or file:, text with spaces, a bare word) stays plain text.
 */

/** The address to link to, or null when the text should stay plain. */
export function webLink(url: string | undefined | null): string | null {
  const u = (url ?? "").trim();
  if (u === "" || /[\s<>"'`\\]/.test(u)) return null;
  if (/^https?:\/\/[^/?#]+\.[^/?#]+/i.test(u)) return u;
  // Another scheme ("mailto:", "javascript:", "file:") or a protocol-relative address: not linked.
  if (/^[a-z][a-z0-9+.-]*:/i.test(u) || u.startsWith("/")) return null;
  // A host name with a dot and a letter in its last label, then an optional path.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/?#].*)?$/i.test(u) ? `https://${u}` : null;
}

/** A Markdown link to the address (shown as given), or the text as given when it is not a web address. */
export function markdownLink(url: string, escapeText: (s: string) => string = (s) => s): string {
  const href = webLink(url);
  if (!href) return escapeText(url);
  return `[${escapeText(url)}](${href.replace(/\(/g, "%28").replace(/\)/g, "%29")})`;
}
