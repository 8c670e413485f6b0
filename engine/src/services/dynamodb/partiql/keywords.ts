/**
 * PartiQL's reserved words: SQL-92's plus PartiQL's own. AWS's parser will not read one as an
 * attribute name ("WHERE pad = 'x'" is a syntax error; "WHERE \"pad\" = 'x'" runs).
 */
const SQL92 = `absolute action add all allocate alter and any are as asc assertion at authorization avg
begin between bit bit_length both by cascade cascaded case cast catalog char character char_length
character_length check close coalesce collate collation column commit connect connection constraint
constraints continue convert corresponding count create cross current current_date current_time
current_timestamp current_user cursor date day deallocate dec decimal declare default deferrable
deferred delete desc describe descriptor diagnostics disconnect distinct domain double drop else end
escape except exception exec execute exists external extract false fetch first float for foreign
found from full get global go goto grant group having hour identity immediate in indicator initially
inner input insensitive insert int integer intersect interval into is isolation join key language last
leading left level like local lower match max min minute module month names national natural nchar
next no not null nullif numeric octet_length of on only open option or order outer output overlaps pad
partial position precision prepare preserve primary prior privileges procedure public read real
references relative restrict revoke right rollback rows schema scroll second section select session
session_user set size smallint some space sql sqlcode sqlerror sqlstate substring sum system_user
table temporary then time timestamp timezone_hour timezone_minute to trailing transaction translate
translation trim true union unique unknown update upper usage user using value values varchar varying
view when whenever where with work write year zone`;

const PARTIQL = `missing pivot unpivot limit tuple remove index conflict do nothing returning modified new old
let offset bool boolean string symbol clob blob struct list sexp bag`;

export const KEYWORDS: ReadonlySet<string> = new Set(`${SQL92} ${PARTIQL}`.split(/\s+/));

/** Keywords the parser reads as a function name when "(" follows. */
export const FUNCTION_KEYWORDS: ReadonlySet<string> = new Set([
  "exists",
  "size",
  "count",
  "avg",
  "max",
  "min",
  "sum",
  "upper",
  "lower",
  "coalesce",
  "nullif",
  "char_length",
  "character_length",
  "octet_length",
  "bit_length",
]);

/** Type names after IS, with the DynamoDB type each one tests. AWS supports these (and NULL). */
export const IS_TYPES: Readonly<Record<string, string | undefined>> = {
  null: "NULL",
  boolean: "BOOL",
  bool: "BOOL",
  blob: "B",
  string: "S",
  numeric: "N",
  decimal: "N",
  struct: "M",
  tuple: "M",
  list: "L",
};

/** Type names the parser accepts after IS (DynamoDB then rejects all but IS_TYPES and MISSING). */
export const TYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(IS_TYPES),
  "missing",
  "int",
  "integer",
  "int2",
  "int4",
  "int8",
  "integer2",
  "integer4",
  "integer8",
  "smallint",
  "bigint",
  "float",
  "real",
  "double",
  "dec",
  "char",
  "character",
  "varchar",
  "symbol",
  "clob",
  "sexp",
  "bag",
  "date",
  "time",
  "timestamp",
  "any",
]);
