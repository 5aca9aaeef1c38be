import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A file shipped with `ar` (templates/, data/, dist/), by its path from the package's root. This module
 * sits one folder below the root, in src/ as in the built dist/ (one bundle, src/*.ts and the modules
 * under it alike), so this is the one place that knows where the package is.
 */
export function shipped(path: string): string {
  return fileURLToPath(new URL(`../${path}`, import.meta.url));
}

/**
 * A module of `ar` that runs on its own, in a worker thread: the built one beside this module in dist/,
 * or its source when `ar` runs from src/ (the tests; Node runs TypeScript).
 */
export function ownEntry(name: string): URL {
  return new URL(import.meta.url.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, import.meta.url);
}

/** A file of an installed package (`dejavu-fonts-ttf/ttf/DejaVuSans.ttf`), resolved as Node resolves it from `ar`. */
export function packageFile(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

/** A CommonJS module of an installed package (`exceljs/lib/doc/workbook`), required as Node resolves it from `ar`. */
export function requirePackage(specifier: string): unknown {
  return createRequire(import.meta.url)(specifier);
}
