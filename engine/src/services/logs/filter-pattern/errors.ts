/**
 * Why a filter pattern does not parse, in AWS's words (as the service answers FilterLogEvents,
 * seen in SDK users' reports): "Invalid filter pattern" by default, and two more specific texts.
 */
export class InvalidFilterPattern extends Error {
  constructor(message = "Invalid filter pattern") {
    super(message);
  }
}

/** AWS: an unquoted term holding a character other than a letter, digit, `_` or `-`. */
export const invalidTermCharacter = (character: string) =>
  new InvalidFilterPattern(`Invalid character(s) in term '${character}'`);

/** AWS: "If a filter pattern starts with '{' it must end with '}'". */
export const unclosedJsonPattern = () =>
  new InvalidFilterPattern("If a filter pattern starts with '{' it must end with '}'");
