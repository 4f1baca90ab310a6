import { hash, verify } from '@node-rs/argon2';

// OWASP's Argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Argon2id password hashing. */
export const passwordHasher = {
  hash: (password: string): Promise<string> => hash(password, OPTIONS),
  verify: async (stored: string, password: string): Promise<boolean> => {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  },
};
