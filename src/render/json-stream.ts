/**
 * Writes JSON in chunks, byte for byte as `JSON.stringify(value, null, 2)` would, without building
 * the whole text (or, with `lazy`, the whole object tree) in memory: a million open items stay
 * a stream of small strings.
 */

/** A list produced on demand while writing. */
export class LazyList<T> {
  readonly items: Iterable<T>;
  constructor(items: Iterable<T>) {
    this.items = items;
  }
}

export function lazy<T>(items: Iterable<T>): LazyList<T> {
  return new LazyList(items);
}

/** `f` of each item (of those `keep` keeps), made as the list is written: each is garbage once written. */
export function lazyMap<T, U>(items: Iterable<T>, f: (x: T) => U, keep?: (x: T) => boolean): LazyList<U> {
  return new LazyList(mapped(items, f, keep));
}

function* mapped<T, U>(items: Iterable<T>, f: (x: T) => U, keep?: (x: T) => boolean): Generator<U> {
  for (const x of items) if (keep === undefined || keep(x)) yield f(x);
}

const INDENT = '  ';

function indentOf(depth: number): string {
  return INDENT.repeat(depth);
}

/**
 * One leaf subtree, indented for its depth: written inside `depth` arrays, so that `JSON.stringify`
 * indents it itself, and cut out of them (no second pass over the text to indent it).
 */
function leaf(value: unknown, depth: number): string {
  let wrapped = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  if (s === undefined || depth === 0) return s;
  // Each array opened "[\n" and an indent of its depth + 1; each closes with "\n", an indent of its depth, "]".
  return s.slice(depth * (depth + 3), s.length - depth * (depth + 1));
}

/**
 * Yields the JSON text of `value` in chunks. Objects and arrays down to `maxDepth` are walked; below
 * that, each subtree is one `JSON.stringify` call. `LazyList`s are iterated at any depth.
 */
export function* jsonChunks(value: unknown, depth = 0, maxDepth = 6): Generator<string> {
  if (value instanceof LazyList) {
    let first = true;
    const pad = indentOf(depth + 1);
    for (const item of value.items as Iterable<unknown>) {
      yield first ? `[\n${pad}` : `,\n${pad}`;
      first = false;
      yield* jsonChunks(item, depth + 1, maxDepth);
    }
    yield first ? '[]' : `\n${indentOf(depth)}]`;
    return;
  }
  if (depth >= maxDepth || value === null || typeof value !== 'object') {
    const s = leaf(value, depth);
    if (s !== undefined) yield s;
    return;
  }
  const pad = indentOf(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${pad}` : `,\n${pad}`;
      // JSON.stringify writes undefined items of arrays as null.
      yield* jsonChunks(value[i] === undefined ? null : value[i], depth + 1, maxDepth);
    }
    yield `\n${indentOf(depth)}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  let first = true;
  for (const [k, v] of entries) {
    yield `${first ? '{\n' : ',\n'}${pad}${JSON.stringify(k)}: `;
    first = false;
    yield* jsonChunks(v, depth + 1, maxDepth);
  }
  yield `\n${indentOf(depth)}}`;
}

/** Writes chunks to a sink, batching them into writes of about 64 KiB. */
export function writeChunks(chunks: Iterable<string>, write: (s: string) => unknown): void {
  let buf = '';
  for (const c of chunks) {
    buf += c;
    if (buf.length >= 65536) {
      write(buf);
      buf = '';
    }
  }
  if (buf !== '') write(buf);
}
