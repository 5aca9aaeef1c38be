/** The part of fontkit (no types of its own) that `ar` uses: does a font have a glyph for a character. */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    readonly familyName: string;
  }
  export function create(buffer: Buffer): Font;
}
