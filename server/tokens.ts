/**
 * Signed tokens (HS256 JWT via `jose`). A teacher token carries the class id and role
 * `teacher`; a student token the class id, role `student` and the student's id as subject.
 * Expired, forged or malformed tokens verify to null; callers refuse those connections, and
 * `read` tells an expired token (a clear message for its holder) from a forged one.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
import { LIMITS } from './limits';

export type Claims =
  { role: 'teacher'; classId: string } | { role: 'student'; classId: string; studentId: string };

const ISSUER = 'marginalia-class-server';
/** Refusal reason for an expired token; the app recognises it (src/lib/sync/class-api.ts). */
export const TOKEN_EXPIRED = 'Token expired.';

export class Tokens {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    this.#key = new TextEncoder().encode(secret);
  }

  /** `ttlSeconds` may be negative (tests of expired tokens). */
  sign(claims: Claims, ttlSeconds: number = LIMITS.tokenSeconds): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ cls: claims.classId, role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(claims.role === 'student' ? claims.studentId : 'teacher')
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.#key);
  }

  async verify(token: unknown): Promise<Claims | null> {
    const r = await this.read(token);
    return r === 'expired' ? null : r;
  }

  /** The claims with the token's expiry (ms since the epoch), `'expired'`, or null (forged,
   * malformed, missing). */
  async read(token: unknown): Promise<(Claims & { expires: number }) | 'expired' | null> {
    if (typeof token !== 'string' || token.length > 2048) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      const { cls, role, sub, exp } = payload;
      if (typeof cls !== 'string' || typeof sub !== 'string' || typeof exp !== 'number')
        return null;
      const expires = exp * 1000;
      if (role === 'teacher') return { role, classId: cls, expires };
      if (role === 'student') return { role, classId: cls, studentId: sub, expires };
      return null;
    } catch (e) {
      return e instanceof errors.JWTExpired ? 'expired' : null;
    }
  }
}
