/**
 * How the SAM transform fails. The translator collects one cause per invalid resource and reports
 * them together; CloudFormation puts that report in the change set's (or stack's) status reason:
 * "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification
 * document. Number of errors found: 2. Resource with id [A] is invalid. … Resource with id [B] …".
 * AWS: samtranslator/model/exceptions.py; CloudFormation's "Transform … failed with: " prefix.
 */
import { SAM_TRANSFORM } from "./constants.ts";

/** One cause, worded as the translator words it; thrown inside the transform, collected by it. */
export class SamCause extends Error {}

export class InvalidResource extends SamCause {
  constructor(logicalId: string, detail: string) {
    super(`Resource with id [${logicalId}] is invalid. ${detail}`);
  }
}

export class InvalidEvent extends SamCause {
  constructor(eventId: string, detail: string) {
    super(`Event with id [${eventId}] is invalid. ${detail}`);
  }
}

export class InvalidTemplate extends SamCause {
  constructor(detail: string) {
    super(`Structure of the SAM template is invalid. ${detail}`);
  }
}

export class InvalidGlobals extends SamCause {
  constructor(detail: string) {
    super(`'Globals' section is invalid. ${detail}`);
  }
}

export class DuplicateLogicalId extends SamCause {
  constructor(logicalId: string, duplicateId: string, type: string) {
    super(
      `Transforming resource with id [${logicalId}] attempts to create a new resource with id [${duplicateId}] ` +
        `and type "${type}". A resource with that id already exists within this template. ` +
        "Please use a different id for that resource.",
    );
  }
}

/** The transform's failure as CloudFormation reports it; `causes` are the individual messages. */
export class SamTransformError extends Error {
  readonly causes: readonly string[];

  constructor(causes: readonly string[]) {
    // AWS: the translator drops causes with the same message (several plugins may raise one twice).
    const unique = [...new Set(causes)];
    super(
      `Transform ${SAM_TRANSFORM} failed with: Invalid Serverless Application Specification document. ` +
        `Number of errors found: ${unique.length}. ${unique.join(" ")}`,
    );
    this.name = "SamTransformError";
    this.causes = unique;
  }
}

/**
 * What `sam build` / `sam package` would have failed with before the template reached AWS: a
 * local CodeUri that is not there, or an esbuild build that does not compile.
 */
export class SamBuildError extends Error {
  constructor(logicalId: string, detail: string) {
    super(`Build Failed for ${logicalId}. ${detail}`);
    this.name = "SamBuildError";
  }
}
