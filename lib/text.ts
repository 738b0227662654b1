import { z } from "zod";

/** Characters that have no place in a short label: controls, bidi overrides, zero-width marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
export const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** What a token or resource name may contain: letters, digits, marks, spaces and plain punctuation. */
const NAME_CHARS = String.raw`\p{L}\p{N}\p{M}_.,:;()[\]/#&+'@!?\-`;
const NAME_PATTERN = new RegExp(`^[${NAME_CHARS} ]+$`, "u");
/**
 * A stored name, as a JSON Schema pattern (ECMA-262, unicode): the allowed
 * characters, no space at either end. What a client sends may also have
 * surrounding whitespace: the server trims it first.
 */
export const NAME_WIRE_PATTERN = `^[${NAME_CHARS}](?:[${NAME_CHARS} ]*[${NAME_CHARS}])?$`;

export const NAME_MAX_LENGTH = 64;

/**
 * One rule for every name a person types (tokens in the tab, devices, groups
 * and sites through the API): trimmed, 1–64 characters, no hidden characters.
 * The first max() refuses huge input before any regex runs on it.
 */
export function nameSchema(notAString = "Enter a name") {
  return z
    .string({ error: notAString })
    .max(1000, `Use at most ${NAME_MAX_LENGTH} characters`)
    .trim()
    .min(1, "Enter a name")
    .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters`)
    .refine((v) => !UNSAFE_CHARS.test(v), "Remove control or direction-changing characters")
    .refine((v) => NAME_PATTERN.test(v), "Use letters, numbers, spaces and simple punctuation");
}
