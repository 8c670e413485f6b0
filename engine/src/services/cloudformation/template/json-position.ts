/**
 * Where a JSON text stops being valid, as a 1-based line and column: CloudFormation reports
 * "JSON not well-formed. (line 1, column 25)" and JSON.parse's own error gives no position.
 */
class Stop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const HEX = /[0-9a-fA-F]{4}/y;

/** A recursive-descent reader that only finds the offset of the first error. */
function firstErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const expect = (ch: string) => {
    if (text[i] !== ch) fail();
    i++;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const word = (literal: string) => {
    for (const ch of literal) expect(ch);
  };
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          HEX.lastIndex = i + 1;
          if (!HEX.test(text)) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    expect('"');
  };
  const number = () => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match || match[0] === "") fail();
    i += match![0].length;
  };
  const members = (close: string, member: () => void) => {
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(",");
    }
  };
  const value = (): void => {
    space();
    switch (text[i]) {
      case "{":
        i++;
        members("}", () => {
          space();
          string();
          space();
          expect(":");
          value();
        });
        break;
      case "[":
        i++;
        members("]", value);
        break;
      case '"':
        string();
        break;
      case "t":
        word("true");
        break;
      case "f":
        word("false");
        break;
      case "n":
        word("null");
        break;
      default:
        number();
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    throw error;
  }
}

export function jsonErrorPosition(text: string): { line: number; column: number } {
  const offset = firstErrorOffset(text);
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}
