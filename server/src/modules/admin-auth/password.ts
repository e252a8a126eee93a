import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * bcrypt hashing. Cost 10 (≈70 ms here) everywhere except NODE_ENV=test, where cost 4 keeps
 * the suites fast; the cost is stored in each hash, so hashes from either still verify.
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(readonly cost: number) {}

  static forEnv(env: string): PasswordHasher {
    return new PasswordHasher(env === 'test' ? 4 : 10);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /**
   * Spends the same time as a real check for names that have no account, so response time
   * does not tell which usernames exist.
   */
  async burn(password: string): Promise<false> {
    this.dummy ??= bcrypt.hash(randomBytes(16).toString('hex'), this.cost);
    await bcrypt.compare(password, await this.dummy);
    return false;
  }
}

/** A strong random password for generated (demo) accounts: 16 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
