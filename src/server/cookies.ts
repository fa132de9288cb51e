// Cookies: reading the Cookie header and making Set-Cookie values.
//
// Names and values are %-decoded as elnode did (url-unhex-string); a
// malformed escape or bytes that are not UTF-8 make the request a 400 (the
// handler gets the `elnode-bad-request' error when it reads the cookies,
// which the server answers with 400). Values are %-encoded when a cookie is
// made, so any string survives the round trip.
import { L, NIL, Cons, LispFloat, arrayToList, signal, list, wrongType } from "../index.js";

/** Strict %-decoding: null when an escape is malformed or the bytes are not UTF-8. */
export function strictDecode(s: string): string | null {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Signal elnode-bad-request: the server answers 400 with MESSAGE. */
export function badRequest(message: string): never {
  signal("elnode-bad-request", list(message));
}

/** The Cookie header as an alist of decoded (NAME . VALUE), sorted by name as elnode did. */
export function parseCookieHeader(header: string | null): L {
  if (header === null || header === "") return NIL;
  const out: [string, string][] = [];
  for (const part of header.split(";")) {
    const p = part.trim();
    if (p === "") continue;
    const eq = p.indexOf("=");
    const rawName = (eq < 0 ? p : p.slice(0, eq)).trim();
    let rawValue = eq < 0 ? "" : p.slice(eq + 1).trim();
    if (rawValue.length >= 2 && rawValue.startsWith('"') && rawValue.endsWith('"')) rawValue = rawValue.slice(1, -1);
    const name = strictDecode(rawName);
    const value = strictDecode(rawValue);
    if (name === null || value === null) badRequest(`invalid encoding in the cookie ${JSON.stringify(rawName)}`);
    out.push([name, value]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return arrayToList(out.map(([n, v]) => new Cons(n, v)));
}

/** %-encode a cookie value: what is not a cookie-octet (RFC 6265) or is `%` is escaped. */
export function encodeCookieValue(s: string): string {
  return s.replace(/[^\x21\x23-\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return "%EF%BF%BD"; // a lone surrogate: U+FFFD
    }
  });
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface CookieOptions {
  expiry?: string | null;
  path?: string | null;
  domain?: string | null;
  maxAge?: number | null;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: string | null;
}

/** Text of a cookie datum: strings as they are, numbers printed. */
export function cookieData(x: L): string {
  if (typeof x === "string") return x;
  if (typeof x === "number" || typeof x === "bigint") return String(x);
  if (x instanceof LispFloat) return String(x.value);
  if (x === NIL) return "";
  return wrongType("stringp", x);
}

function attrText(name: string, v: string): string {
  if (/[;\r\n\0]/.test(v)) signal("error", list(`elnode-http-cookie-make: invalid ${name}: ${JSON.stringify(v)}`));
  return v;
}

/** The value of a Set-Cookie header. */
export function makeSetCookie(name: string, data: string, o: CookieOptions): string {
  if (!TOKEN.test(name)) signal("error", list(`elnode-http-cookie-make: invalid cookie name: ${JSON.stringify(name)}`));
  let s = `${name}=${encodeCookieValue(data)}`;
  if (o.expiry) s += `; Expires=${attrText("expiry", o.expiry.replace(/;\s*$/, ""))}`;
  if (o.maxAge !== undefined && o.maxAge !== null) s += `; Max-Age=${Math.trunc(o.maxAge)}`;
  if (o.domain) s += `; Domain=${attrText("domain", o.domain)}`;
  if (o.path) s += `; Path=${attrText("path", o.path)}`;
  if (o.secure) s += "; Secure";
  if (o.httpOnly) s += "; HttpOnly";
  if (o.sameSite) {
    const v = o.sameSite.toLowerCase();
    const canon = v === "strict" ? "Strict" : v === "lax" ? "Lax" : v === "none" ? "None" : null;
    if (canon === null) signal("error", list(`elnode-http-cookie-make: :same-site must be Strict, Lax or None, not ${o.sameSite}`));
    s += `; SameSite=${canon}`;
  }
  return s;
}
