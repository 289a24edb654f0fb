import { z } from 'zod';

/** The environment, parsed once (DESIGN.md §6). The only reader of `process.env`. */
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/linesight.db'),
  PUBLIC_URL: z.url().optional(),
  LINESIGHT_CONFIG: z.string().min(1).optional(),
  LINESIGHT_DEMO: z.enum(['auto', '1', '0']).default('auto'),
  LINESIGHT_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** First of the simulator's loopback ports in demo mode: control, then Noojee. */
  LINESIGHT_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  /** Random calls per minute the demo simulator places (0 = quiet, for tests). */
  LINESIGHT_DEMO_TRAFFIC: z.coerce.number().min(0).max(10_000).default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
});

export type TEnv = z.infer<typeof ZEnv>;

/** Parses an environment; throws an Error that names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The log level, readable before the full environment is validated (the logger needs it first). */
export function logLevelFromEnv(): string {
  const level = process.env.LOG_LEVEL;
  return level && ZEnv.shape.LOG_LEVEL.safeParse(level).success ? level : 'info';
}

/** The process environment, validated. */
export function loadEnv(): TEnv {
  return parseEnv(process.env);
}
