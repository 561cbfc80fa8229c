/**
 * Signed tokens (HS256 JWT via `jose`). A teacher token carries the class id and role
 * `teacher`; a student token the class id, role `student` and the student's id as subject.
 * Expired, forged or malformed tokens verify to null; callers refuse those connections.
 */
import { SignJWT, jwtVerify } from 'jose';
import { LIMITS } from './limits';

export type Claims =
  { role: 'teacher'; classId: string } | { role: 'student'; classId: string; studentId: string };

const ISSUER = 'marginalia-class-server';

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
    if (typeof token !== 'string' || token.length > 2048) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      const { cls, role, sub } = payload;
      if (typeof cls !== 'string' || typeof sub !== 'string') return null;
      if (role === 'teacher') return { role, classId: cls };
      if (role === 'student') return { role, classId: cls, studentId: sub };
      return null;
    } catch {
      return null;
    }
  }
}
