/** XML text escaping for query-protocol responses, including the characters XML 1.0 cannot carry raw. */
const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#xD;",
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]!);
}
