// Text from outside (an error_description from a callback, a request path) is made printable
// before it reaches a terminal or a log: ANSI escape sequences are removed and every other control
// character (newlines included) becomes a space, so it can neither forge log lines nor drive the
// terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this module's job
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this module's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printableText(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(CONTROL, ' ');
}
