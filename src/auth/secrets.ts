/**
 * The secrets of sign-in: argon2id password hashes (OWASP's first choice; @node-rs/argon2
 * with its defaults, 19 MiB, 2 passes), random session and API token secrets, and the
 * sha256 under which the database keeps them (a leaked table signs no one in).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

/** Algorithm.Argon2id: the enum is `const`, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Without a stored hash, still spend the time of one verify, so a missing user does not
  // answer faster than a wrong password.
  try {
    const matches = await verify(stored ?? DUMMY_HASH, password);
    return stored !== null && matches;
  } catch {
    return false;
  }
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$u6v4dxAdryZe9e7gdRddCQ$bCbYnONvnhHeGYBrjLfuBAjkJ71s0tyyA6S7N58y4sk";

/** 32 random bytes, base64url: a session id, a CSRF token, or the secret part of an API token. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API tokens start with a recognisable prefix so secret scanners can find a leaked one. */
export const TOKEN_PREFIX = "otb_";

export function newApiToken(): string {
  return TOKEN_PREFIX + randomSecret();
}

/** A strong random password for the demo admin (20 characters, no look-alikes). */
export function randomPassword(length = 20): string {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
