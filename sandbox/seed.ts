// Loads and checks the seed data (sandbox/seed.json): the API credentials,
// the plastics and the client keys. The demo credentials are not secret; the
// environment may override them (SANDBOX_USERNAME, SANDBOX_PASSWORD,
// SANDBOX_BEARER_TOKEN).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TOKEN68, type ClientCredentials } from './auth.js';
import { isOriginSource } from './frame-origins.js';
import { isValidPin } from './pin-rules.js';

export const PLASTIC_ID_PATTERN = /^[0-9]{1,30}$/;
/** Stylesheets a client key may name: a file in sandbox/styles/. */
export const STYLESHEET_NAME_PATTERN = /^[a-z0-9-]+\.css$/;

const originSource = z
  .string()
  .refine(isOriginSource, 'an origin such as https://bank.example, or one with any port such as http://localhost:*');

const clientSchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  origins: z.array(originSource).min(1),
  stylesheet: z.string().regex(STYLESHEET_NAME_PATTERN).optional(),
});

const plasticSchema = z.object({
  plasticId: z.string().regex(PLASTIC_ID_PATTERN),
  pin: z.string().refine(isValidPin, 'a valid PIN').optional(),
  /**
   * Sandbox only, not the issuer's behaviour: the PIN can be set again and
   * again (the issuer refuses a set once the plastic is produced).
   */
  repeatableSet: z.boolean().optional(),
  note: z.string().optional(),
});

const seedSchema = z.object({
  credentials: z.object({
    username: z
      .string()
      .min(1)
      .refine((name) => !name.includes(':'), 'no colon (RFC 7617)'),
    password: z.string().min(1),
    bearerTokens: z.array(z.string().regex(TOKEN68)),
  }),
  plastics: z.array(plasticSchema),
  clients: z.array(clientSchema),
});

export type ClientConfig = z.infer<typeof clientSchema>;
export type PlasticSeed = z.infer<typeof plasticSchema>;
export type Seed = Omit<z.infer<typeof seedSchema>, 'credentials'> & { credentials: ClientCredentials };

const SEED_FILE = new URL('./seed.json', import.meta.url);

/** The bundled seed, checked, with the environment's credential overrides applied. */
export function loadSeed(env: Record<string, string | undefined> = process.env): Seed {
  const seed = parseSeed(JSON.parse(readFileSync(SEED_FILE, 'utf8')));
  return { ...seed, credentials: credentialsFromEnv(seed.credentials, env) };
}

export function parseSeed(data: unknown): Seed {
  return seedSchema.parse(data);
}

function credentialsFromEnv(defaults: ClientCredentials, env: Record<string, string | undefined>): ClientCredentials {
  return {
    username: env.SANDBOX_USERNAME || defaults.username,
    password: env.SANDBOX_PASSWORD || defaults.password,
    bearerTokens: env.SANDBOX_BEARER_TOKEN ? [env.SANDBOX_BEARER_TOKEN] : defaults.bearerTokens,
  };
}
