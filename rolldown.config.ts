import { resolve } from 'node:path';
import { defineConfig } from 'rolldown';

interface Graph {
  getModuleInfo(id: string): { readonly importedIds: readonly string[] } | null;
}

/** The modules `from` loads by static imports, itself included (type-only imports are gone by now). */
function loadedWith(graph: Graph, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const todo = [from];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    for (const next of graph.getModuleInfo(id)?.importedIds ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

/** What `ar aging` loads beyond the program's entry, found once per build. */
let agingPath: Set<string> | null = null;

/**
 * `npm run build`: the program as one module, and one more per code path loaded only when it runs (a
 * command, the workbook reader, the Excel writer, the mailer…), in dist/. Start-up is a feature
 * (npm run bench): Node resolves each import of each module it loads (about 0.13 ms an import,
 * measured), so what `ar aging` loads statically is one module, `ledger-*.js`, which the other ledger
 * commands share: `ar aging` on a small ledger loads six modules of its own (fifteen before, 3 ms more;
 * fifty-one unbundled). Dependencies stay in node_modules, loaded where they are imported.
 * `tsc` checks the types (npm run typecheck); this only strips them.
 */
export default defineConfig({
  // The worker that reads a big payments file on the second core (src/io/csv-soon.ts) is a module of its own.
  input: { cli: 'src/cli.ts', 'csv-worker': 'src/csv-worker.ts' },
  platform: 'node',
  // Not a relative or absolute path: a package of node_modules, or a built-in of Node.
  external: [/^[^./]/],
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    cleanDir: true,
    codeSplitting: {
      // Only the modules named below: what the entry itself loads stays in its chunks, not in this one.
      includeDependenciesRecursively: false,
      groups: [
        {
          name(id, graph) {
            if (agingPath === null) {
              const entry = loadedWith(graph, resolve('src/cli.ts'));
              agingPath = new Set([...loadedWith(graph, resolve('src/commands/aging.ts'))].filter((m) => !entry.has(m)));
            }
            return agingPath.has(id) ? 'ledger' : null;
          },
        },
      ],
    },
  },
});
