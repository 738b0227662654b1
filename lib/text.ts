/** Characters that have no place in a short label: controls, bidi overrides, zero-width marks. */
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** What a token or resource name may contain: letters, digits, marks, spaces and plain punctuation. */
export const NAME_PATTERN = /^[\p{L}\p{N}\p{M} _.,:;()[\]/#&+'@!?-]+$/u;
