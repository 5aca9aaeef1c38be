/**
 * The functions of node:fs that `ar` uses, taken from Node's own module rather than imported as an
 * ES module: importing node:fs makes Node copy every export into a module namespace, which reads its
 * lazy `ReadStream` and `WriteStream` and so loads Node's streams (about a fifth of Node's own start-up,
 * measured with callgrind; start-up is a feature: npm run bench). Every module of src/ reads files
 * through here (test/architecture.test.ts).
 */
const fs = process.getBuiltinModule('node:fs');

export const { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } = fs;
