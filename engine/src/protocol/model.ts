/**
 * The compact service model (see scripts/generate-models.ts): AWS's own operation and shape
 * definitions, without documentation, plus the query-protocol serialization names.
 */
export interface MemberRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
  location?: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type:
    | "structure"
    | "list"
    | "map"
    | "string"
    | "integer"
    | "long"
    | "boolean"
    | "blob"
    | "timestamp"
    | "double"
    | "float";
  required?: string[];
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  flattened?: boolean;
  locationName?: string;
  /** restJson: the member that is the whole HTTP body. */
  payload?: string;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

export interface OperationModel {
  http: { method: string; requestUri: string; responseCode?: number };
  input?: string;
  output?: string;
  resultWrapper?: string;
  errors: string[];
}

export interface ServiceModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    jsonVersion?: string;
    targetPrefix?: string;
    endpointPrefix: string;
    signingName?: string;
    awsQueryCompatible: boolean;
    xmlNamespace?: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`model has no shape ${name}`);
  return shape;
}
