import fs from 'node:fs';
import path from 'node:path';
import type { Access } from '@/server/auth/principal';

export interface RouteMethod {
  file: string;
  /** URL path with dynamic segments filled with values that match nothing. */
  path: string;
  method: string;
  /** What the handler declares through `guarded(...)`; null when it is not wrapped. */
  access: Access | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : entry.name === 'route.ts' ? [full] : [];
  });
}

/** Every exported HTTP method of every `app/**\/route.ts`, read from the source. */
export function routeMethods(appDir = 'app'): RouteMethod[] {
  return walk(appDir).flatMap((file) => {
    const source = fs.readFileSync(file, 'utf8');
    const urlPath =
      '/' +
      path
        .relative(appDir, path.dirname(file))
        .split(path.sep)
        .map((segment) => (segment.startsWith('[') ? (segment.includes('id]') && !segment.includes('callId') ? '999999' : 'no-such-thing') : segment))
        .join('/');
    return METHODS.flatMap((method) => {
      const exported = new RegExp(`export\\s+(?:async\\s+)?(?:const|function|let|var)\\s+${method}\\b`).test(source);
      if (!exported) return [];
      const guard = new RegExp(`export\\s+const\\s+${method}\\s*=\\s*guarded\\(\\s*'(\\w+)'`).exec(source);
      return [{ file, path: urlPath, method, access: (guard?.[1] as Access | undefined) ?? null }];
    });
  });
}
