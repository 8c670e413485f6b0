/**
 * The filter-pattern compiler on its own: which events each kind of pattern matches (examples
 * from AWS's "Filter pattern syntax" page where it gives them), and the patterns it refuses.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileFilterPattern, InvalidFilterPattern } from "../../src/services/logs/filter-pattern/index.ts";

/** The events of `events` the pattern matches. */
const matching = (pattern: string, events: readonly string[]) => events.filter(compileFilterPattern(pattern));

const refusal = (pattern: string): string => {
  try {
    compileFilterPattern(pattern);
  } catch (error) {
    assert.ok(error instanceof InvalidFilterPattern);
    return error.message;
  }
  throw new Error(`the pattern ${pattern} compiled`);
};

describe("CloudWatch Logs filter patterns", () => {
  describe("terms in unstructured events", () => {
    const events = [
      "[ERROR 400] BAD REQUEST",
      "[ERROR 401] UNAUTHORIZED REQUEST",
      "[ERROR 419] MISSING ARGUMENTS",
      "[ERROR 420] INVALID ARGUMENTS",
      "[WARN] Exiting with ERRORCODE: -1",
      "[INFO] all good",
    ];

    it("an empty or blank pattern matches every event", () => {
      assert.deepEqual(matching("", events), events);
      assert.deepEqual(matching("   ", events), events);
    });

    it("a term matches anywhere in the message, case-sensitively", () => {
      assert.deepEqual(matching("ERROR", events), events.slice(0, 5));
      assert.deepEqual(matching("error", events), []);
    });

    it("several terms must all appear", () => {
      assert.deepEqual(matching("ERROR ARGUMENTS", events), [events[2], events[3]]);
    });

    it("a quoted phrase must appear as written", () => {
      assert.deepEqual(matching('"INVALID ARGUMENTS"', events), [events[3]]);
      assert.deepEqual(matching('"ARGUMENTS INVALID"', events), []);
    });

    it("?terms match when any of them appears", () => {
      assert.deepEqual(matching("?WARN ?INFO", events), [events[4], events[5]]);
    });

    it("-terms exclude the events that contain them", () => {
      assert.deepEqual(matching("ERROR -ARGUMENTS -Exiting", events), [events[0], events[1]]);
    });

    it("a quoted term may hold characters an unquoted one may not", () => {
      assert.deepEqual(matching('"ERRORCODE: -1"', events), [events[4]]);
    });

    it("an unquoted term with - or _ inside needs no quotes", () => {
      assert.deepEqual(matching("order-123 status_ok", ["order-123 status_ok", "order-124 status_ok"]), [
        "order-123 status_ok",
      ]);
    });

    it("refuses an unquoted term with another character, naming it", () => {
      assert.equal(refusal("Status: timeout"), "Invalid character(s) in term ':'");
      assert.equal(refusal("email@domain"), "Invalid character(s) in term '@'");
    });

    it("refuses an unclosed quote", () => {
      assert.equal(refusal('"unclosed phrase'), "Invalid filter pattern");
    });
  });

  describe("regular expressions", () => {
    const events = [
      "[ERROR 401] UNAUTHORIZED REQUEST",
      "[SUCCESS 200] AUTHORIZED REQUEST",
      "colour",
      "color",
    ];

    it("%regex% matches anywhere in the message", () => {
      assert.deepEqual(matching("%AUTHORIZED%", events), events.slice(0, 2));
      assert.deepEqual(matching("%colou?r%", events), ["colour", "color"]);
      assert.deepEqual(matching("%^\\[SUCCESS%", events), [events[1]]);
    });

    it("refuses parentheses and unsupported characters", () => {
      assert.equal(refusal("%(a|b)%"), "Invalid filter pattern");
      assert.equal(refusal("%something!%"), "Invalid filter pattern");
    });
  });

  describe("JSON patterns", () => {
    const events = [
      JSON.stringify({ eventType: "UpdateTrail", latency: 75, user: { id: 1, name: "Ann" }, ok: true }),
      JSON.stringify({
        eventType: "DeleteTrail",
        latency: 20,
        user: { id: 2, name: "Bob" },
        ok: false,
        note: null,
      }),
      JSON.stringify({ eventType: "UpdateQueue", latency: 50, tags: ["red", "blue"], ip: "123.123.0.9" }),
      "not json { $.eventType }",
    ];
    const [update, remove, queue] = events;

    it("compares strings with =, !=, and * wildcards", () => {
      assert.deepEqual(matching('{ $.eventType = "UpdateTrail" }', events), [update]);
      assert.deepEqual(matching("{ $.eventType = Update* }", events), [update, queue]);
      assert.deepEqual(matching('{ $.eventType != "UpdateTrail" }', events), [remove, queue]);
      assert.deepEqual(matching("{ $.ip = 123.123.* }", events), [queue]);
    });

    it("compares numbers with = != < <= > >=", () => {
      assert.deepEqual(matching("{ $.latency > 50 }", events), [update]);
      assert.deepEqual(matching("{ $.latency >= 50 }", events), [update, queue]);
      assert.deepEqual(matching("{ $.latency < 50 }", events), [remove]);
      assert.deepEqual(matching("{ $.latency <= 20 }", events), [remove]);
      assert.deepEqual(matching("{ $.latency = 75 }", events), [update]);
      assert.deepEqual(matching("{ $.latency != 75 }", events), [remove, queue]);
    });

    it("follows nested properties and array indexes, and [*] matches any element", () => {
      assert.deepEqual(matching("{ $.user.id = 2 }", events), [remove]);
      assert.deepEqual(matching('{ $.tags[1] = "blue" }', events), [queue]);
      assert.deepEqual(matching('{ $.tags[*] = "red" }', events), [queue]);
    });

    it("combines conditions with &&, || and parentheses", () => {
      assert.deepEqual(matching('{ $.latency > 10 && $.user.name = "Bob" }', events), [remove]);
      assert.deepEqual(matching('{ $.user.id = 1 || $.eventType = "UpdateQueue" }', events), [update, queue]);
      assert.deepEqual(matching("{ ($.user.id = 1 || $.user.id = 2) && $.latency < 50 }", events), [remove]);
    });

    it("tests IS TRUE, IS FALSE, IS NULL and NOT EXISTS", () => {
      assert.deepEqual(matching("{ $.ok IS TRUE }", events), [update]);
      assert.deepEqual(matching("{ $.ok IS FALSE }", events), [remove]);
      assert.deepEqual(matching("{ $.note IS NULL }", events), [remove]);
      assert.deepEqual(matching("{ $.user NOT EXISTS }", events), [queue]);
    });

    it("a comparison with a missing property is false, even !=", () => {
      assert.deepEqual(matching('{ $.user.name != "Ann" }', events), [remove]);
    });

    it("matches a regex against a property", () => {
      assert.deepEqual(matching("{ $.eventType = %Trail$% }", events), [update, remove]);
    });

    it("refuses a pattern that opens a brace and does not close it", () => {
      assert.equal(
        refusal('{ $.eventType = "x"'),
        "If a filter pattern starts with '{' it must end with '}'",
      );
    });

    it("refuses malformed JSON patterns", () => {
      for (const pattern of [
        "{ }",
        "{ $.a = }",
        "{ $.a > abc }",
        "{ $.a = 1 && }",
        "{ eventType = 1 }",
        "{ ($.a = 1 }",
      ]) {
        assert.equal(refusal(pattern), "Invalid filter pattern", pattern);
      }
    });
  });

  describe("space-delimited patterns", () => {
    const events = [
      '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
      '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /index.html HTTP/1.0" 404 1534',
      '127.0.0.1 - bob [10/Oct/2000:13:50:35 -0700] "POST /images/sprite.gif HTTP/1.0" 404 633',
    ];
    const fields = "ip, user, username, timestamp, request";

    it("matches fields by position, with conditions on some", () => {
      assert.deepEqual(matching(`[${fields}, status_code = 404, bytes]`, events), [events[1], events[2]]);
      assert.deepEqual(matching(`[${fields}, status_code = 4*, bytes < 1000]`, events), [events[2]]);
      assert.deepEqual(matching(`[${fields} = *.html*, status_code, bytes]`, events), [events[1]]);
    });

    it("joins conditions on one field with && and ||", () => {
      assert.deepEqual(matching(`[${fields}, status_code >= 400 && status_code < 500, bytes]`, events), [
        events[1],
        events[2],
      ]);
      assert.deepEqual(matching(`[${fields}, status_code = 200 || status_code = 500, bytes]`, events), [
        events[0],
      ]);
    });

    it("... stands for any number of fields; without it the counts must agree", () => {
      assert.deepEqual(matching("[ip, ..., bytes = 633]", events), [events[2]]);
      assert.deepEqual(matching("[ip, user, username]", events), []);
    });

    it("refuses a condition naming another field", () => {
      assert.equal(refusal(`[${fields}, status_code = 4* && bytes > 1000]`), "Invalid filter pattern");
    });
  });
});
