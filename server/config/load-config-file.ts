import fs from 'node:fs';
import { ZConfigFile, type TConnectionConfig } from '@/lib/connection-config';

/** Reads and validates the `LINESIGHT_CONFIG` file; throws an Error that says what is wrong where. */
export function loadConfigFile(file: string): TConnectionConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read LINESIGHT_CONFIG ${file}: ${(error as Error).message}`);
  }
  const result = ZConfigFile.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid LINESIGHT_CONFIG ${file}:\n${lines.join('\n')}`);
  }
  const ids = result.data.connections.map((c) => c.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`Invalid LINESIGHT_CONFIG ${file}: connection id "${duplicate}" is used twice`);
  return result.data.connections;
}
