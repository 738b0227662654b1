const BASE = "http://tollgate.invalid";

/**
 * A post-sign-in target reduced to a path and query on this site, or null.
 * Browsers drop tabs and newlines from URLs and read `\` as `/`, so
 * `/\t/evil.example` would become `//evil.example` (another host): such
 * characters are refused outright, then the value is parsed against a fixed
 * origin and must stay on it.
 */
export function sameSitePath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // Decoded, the path must not turn into a scheme-relative or backslashed one either.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (decoded.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(decoded)) return null;
  return `${url.pathname}${url.search}`;
}
