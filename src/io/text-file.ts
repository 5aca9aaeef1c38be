import { closeSync, openSync, writeSync } from '../fs.ts';

/** Writes a text file whole, UTF-8 (created, or emptied first). */
export function writeTextFile(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } finally {
    closeSync(fd);
  }
}
