import { defineConfig } from 'rolldown';

/**
 * `npm run build`: the program as one module, and one more per code path loaded only when it runs (a
 * command, the workbook reader, the Excel writer, the mailer…), in dist/. Start-up is a feature
 * (npm run bench): Node resolves and links each module it loads, and `ar aging` on a small ledger
 * loads fifteen instead of fifty-one. Dependencies stay in node_modules, loaded where they are imported.
 * `tsc` checks the types (npm run typecheck); this only strips them.
 */
export default defineConfig({
  // The worker that reads a big payments file on the second core (src/io/csv-soon.ts) is a module of its own.
  input: { cli: 'src/cli.ts', program: 'src/program.ts', 'csv-worker': 'src/csv-worker.ts' },
  platform: 'node',
  // Not a relative or absolute path: a package of node_modules, or a built-in of Node.
  external: [/^[^./]/],
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    cleanDir: true,
  },
});
