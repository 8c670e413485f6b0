/** Expression limits (AWS: Constraints, "Expression parameters"). */
export const MAX_EXPRESSION_SIZE_BYTES = 4_096;
/** Operators and functions per expression; AWS counts the 301st and reports that count. */
export const MAX_OPERATORS = 300;
export const MAX_IN_OPERANDS = 100;
/** Document path elements (a.b[0] has three). */
export const MAX_DOCUMENT_PATH_DEPTH = 32;
/** A list index must fit a Java int. */
export const MAX_LIST_INDEX = 2_147_483_647;
/**
 * A safety bound for the recursive parts of the parser, above anything a 4 KB expression can reach
 * (4,096 nested function calls need 8 KB), so hostile input never exhausts the stack.
 */
export const MAX_PARSE_DEPTH = 2_100;
