/**
 * Text for a terminal. Names, numbers and notes come from ledgers that anyone may have written: an
 * escape sequence in a customer's name could clear the screen, move the cursor, retitle the window
 * or write to the clipboard (OSC 52). Every control character but the line break is shown escaped;
 * with colour on, the colour codes `ar` itself writes (SGR: ESC [ … m) are kept.
 * @example terminalSafe('Dupont\u001b[2J\n', false) === 'Dupont\\u001b[2J\n'
 */
export function terminalSafe(text: string, keepColour: boolean): string {
  return text.replace(/\u001b\[[0-9;]*m|[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => {
    if (c.length > 1) return keepColour ? c : `\\u001b${c.slice(1)}`;
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
