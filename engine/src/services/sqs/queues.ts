/**
 * Queues: creation with AWS's idempotency rule, lookup by name / URL / ARN, attributes, tags,
 * permissions and deletion. Every queue is cached in memory; SQLite is the durable copy.
 */

import { buildArn, parseArn } from "../../shared/arn.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { QUEUE_DELETED_RECENTLY_MS } from "./constants.ts";
import {
  InvalidParameterValue,
  invalidParameter,
  QueueDeletedRecently,
  QueueDoesNotExist,
  QueueNameExists,
} from "./errors.ts";
import { effectiveAttributes, mergeAttributes, type QueueConfig, queueConfig } from "./queue-attributes.ts";

export interface Queue {
  id: number;
  accountId: string;
  region: string;
  name: string;
  fifo: boolean;
  arn: string;
  /** Settable attributes as stored (normalised); defaults are not stored. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  purgedAt: number | undefined;
  config: QueueConfig;
}

interface QueueRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
  purged_at: number | null;
}

const key = (accountId: string, region: string, name: string) => `${accountId}/${region}/${name}`;

export function queueUrl(baseUrl: string, queue: Pick<Queue, "accountId" | "name">): string {
  return `${baseUrl}/${queue.accountId}/${queue.name}`;
}

/** Takes the account and name from a queue URL's path (`…/<account>/<name>`); any host is accepted. */
export function parseQueueUrl(url: string): { accountId: string; name: string } | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?\/?([0-9]{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)\/?$/.exec(
    url.trim(),
  );
  return match ? { accountId: match[1]!, name: match[2]! } : undefined;
}

export class QueueRegistry {
  private readonly byKey = new Map<string, Queue>();
  private readonly byId = new Map<number, Queue>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      insert: db.prepare(
        "INSERT INTO sqs_queues (account_id, region, name, fifo, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      updateAttributes: db.prepare("UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE id = ?"),
      updateTags: db.prepare("UPDATE sqs_queues SET tags = ? WHERE id = ?"),
      updatePurged: db.prepare("UPDATE sqs_queues SET purged_at = ? WHERE id = ?"),
      delete: db.prepare("DELETE FROM sqs_queues WHERE id = ?"),
      recordDeleted: db.prepare(
        "INSERT INTO sqs_deleted_queues (account_id, region, name, deleted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET deleted_at = excluded.deleted_at",
      ),
      deletedAt: db
        .prepare("SELECT deleted_at FROM sqs_deleted_queues WHERE account_id = ? AND region = ? AND name = ?")
        .pluck(),
    };
    for (const row of db.prepare("SELECT * FROM sqs_queues").all() as QueueRow[])
      this.remember(this.fromRow(row));
  }

  private fromRow(row: QueueRow): Queue {
    const attributes = JSON.parse(row.attributes) as Record<string, string>;
    return {
      id: row.id,
      accountId: row.account_id,
      region: row.region,
      name: row.name,
      fifo: row.fifo === 1,
      arn: buildArn("sqs", row.region, row.account_id, row.name),
      attributes,
      tags: JSON.parse(row.tags) as Record<string, string>,
      createdAt: row.created_at,
      modifiedAt: row.modified_at,
      purgedAt: row.purged_at ?? undefined,
      config: queueConfig(attributes),
    };
  }

  private remember(queue: Queue): void {
    this.byKey.set(key(queue.accountId, queue.region, queue.name), queue);
    this.byId.set(queue.id, queue);
  }

  find(accountId: string, region: string, name: string): Queue | undefined {
    return this.byKey.get(key(accountId, region, name));
  }

  byInternalId(id: number): Queue | undefined {
    return this.byId.get(id);
  }

  get(accountId: string, region: string, name: string): Queue {
    const queue = this.find(accountId, region, name);
    if (!queue) throw new QueueDoesNotExist();
    return queue;
  }

  /** Resolves a QueueUrl from a request made in `region`. */
  fromUrl(url: string | undefined, region: string): Queue {
    const parsed = url ? parseQueueUrl(url) : undefined;
    if (!parsed) throw new QueueDoesNotExist();
    return this.get(parsed.accountId, region, parsed.name);
  }

  fromArn(arn: string): Queue | undefined {
    const parsed = parseArn(arn);
    if (parsed?.service !== "sqs") return undefined;
    return this.find(parsed.accountId, parsed.region, parsed.resource);
  }

  /** A queue ARN as a caller sees it: SQS is regional, so queues of other regions or accounts do not exist. */
  fromArnFor(arn: string, caller: { accountId: string; region: string }): Queue | undefined {
    const queue = this.fromArn(arn);
    return queue?.region === caller.region && queue.accountId === caller.accountId ? queue : undefined;
  }

  list(accountId: string, region: string): Queue[] {
    return [...this.byKey.values()]
      .filter((q) => q.accountId === accountId && q.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Queues whose RedrivePolicy names `arn` as their dead-letter queue. */
  sourcesOf(arn: string): Queue[] {
    return [...this.byKey.values()]
      .filter((q) => q.config.redrive?.deadLetterTargetArn === arn)
      .sort((a, b) => a.id - b.id);
  }

  /**
   * AWS: an existing name with the same attribute values returns the existing queue; any provided
   * attribute with a different value fails with QueueNameExists (tags are not compared).
   * `asSent` are the attributes before normalising; SQS quotes them in its errors.
   */
  create(
    identity: { accountId: string; region: string; name: string; fifo: boolean },
    attributes: Record<string, string>,
    tags: Record<string, string>,
    asSent: Record<string, string> = attributes,
  ): { queue: Queue; created: boolean } {
    const existing = this.find(identity.accountId, identity.region, identity.name);
    if (existing) {
      const current = effectiveAttributes(existing.attributes, existing.fifo);
      for (const [name, value] of Object.entries(attributes)) {
        if (current[name] !== value) throw new QueueNameExists(name);
      }
      return { queue: existing, created: false };
    }
    const now = this.clock.now();
    const deletedAt = this.statements.deletedAt.get(identity.accountId, identity.region, identity.name) as
      | number
      | undefined;
    if (deletedAt !== undefined && now - deletedAt < QUEUE_DELETED_RECENTLY_MS)
      throw new QueueDeletedRecently();
    this.checkRedrive(identity, attributes, asSent);
    const stored = mergeAttributes({}, attributes);
    if (identity.fifo) stored.FifoQueue = "true";
    const info = this.statements.insert.run(
      identity.accountId,
      identity.region,
      identity.name,
      identity.fifo ? 1 : 0,
      JSON.stringify(stored),
      JSON.stringify(tags),
      now,
      now,
    );
    const queue = this.fromRow({
      id: Number(info.lastInsertRowid),
      account_id: identity.accountId,
      region: identity.region,
      name: identity.name,
      fifo: identity.fifo ? 1 : 0,
      attributes: JSON.stringify(stored),
      tags: JSON.stringify(tags),
      created_at: now,
      modified_at: now,
      purged_at: null,
    });
    this.remember(queue);
    return { queue, created: true };
  }

  /**
   * A redrive target must exist in the source's account and region (AWS: "dead-letter queues must
   * reside in the same region" and account), be of the same type, and its RedriveAllowPolicy must
   * admit the source.
   */
  private checkRedrive(
    source: { accountId: string; region: string; name: string; fifo: boolean },
    attributes: Record<string, string>,
    asSent: Record<string, string>,
  ): void {
    if (!attributes.RedrivePolicy) return;
    const policy = JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn: string };
    const raw = asSent.RedrivePolicy ?? attributes.RedrivePolicy;
    const target = this.fromArnFor(policy.deadLetterTargetArn, source);
    if (!target) throw invalidParameter("RedrivePolicy", raw, "Dead letter target does not exist.");
    if (target.fifo !== source.fifo) {
      throw invalidParameter(
        "RedrivePolicy",
        raw,
        "Dead-letter queue must be same type of queue as the source.",
      );
    }
    const sourceArn = buildArn("sqs", source.region, source.accountId, source.name);
    const allow = target.config.redriveAllow;
    const denied =
      allow?.redrivePermission === "denyAll" ||
      (allow?.redrivePermission === "byQueue" && !(allow.sourceQueueArns ?? []).includes(sourceArn));
    if (denied) {
      throw invalidParameter(
        "RedrivePolicy",
        raw,
        `Queue ${target.arn} does not allow ${sourceArn} as a source queue.`,
      );
    }
  }

  /** Applies normalised attributes; `asSent` as in `create`. */
  setAttributes(queue: Queue, change: Record<string, string>, asSent: Record<string, string> = change): void {
    this.checkRedrive(queue, change, asSent);
    const next = mergeAttributes(queue.attributes, change);
    const now = this.clock.now();
    this.statements.updateAttributes.run(JSON.stringify(next), now, queue.id);
    queue.attributes = next;
    queue.modifiedAt = now;
    queue.config = queueConfig(next);
  }

  setTags(queue: Queue, tags: Record<string, string>): void {
    this.statements.updateTags.run(JSON.stringify(tags), queue.id);
    queue.tags = tags;
  }

  markPurged(queue: Queue, at: number): void {
    this.statements.updatePurged.run(at, queue.id);
    queue.purgedAt = at;
  }

  delete(queue: Queue): void {
    this.db.transaction(() => {
      this.statements.delete.run(queue.id);
      this.statements.recordDeleted.run(queue.accountId, queue.region, queue.name, this.clock.now());
    })();
    this.byKey.delete(key(queue.accountId, queue.region, queue.name));
    this.byId.delete(queue.id);
  }

  /** Adds a permission statement to the queue's Policy (AddPermission). */
  addPermission(queue: Queue, label: string, accountIds: string[], actions: string[]): void {
    const policy = parsePolicy(queue);
    if (policy.Statement.some((s) => s.Sid === label)) {
      throw invalidParameter("Label", label, "Already exists.");
    }
    const principals = accountIds.map((id) => `arn:aws:iam::${id}:root`);
    const verbs = actions.map((a) => `SQS:${a}`);
    policy.Statement.push({
      Sid: label,
      Effect: "Allow",
      Principal: { AWS: principals.length === 1 ? principals[0]! : principals },
      Action: verbs.length === 1 ? verbs[0]! : verbs,
      Resource: queue.arn,
    });
    this.setAttributes(queue, { Policy: JSON.stringify(policy) });
  }

  removePermission(queue: Queue, label: string): void {
    const policy = parsePolicy(queue);
    const remaining = policy.Statement.filter((s) => s.Sid !== label);
    if (remaining.length === policy.Statement.length)
      throw invalidParameter("Label", label, "can't find label.");
    this.setAttributes(queue, {
      Policy: remaining.length === 0 ? "" : JSON.stringify({ ...policy, Statement: remaining }),
    });
  }
}

interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: Array<Record<string, unknown> & { Sid?: string }>;
}

function parsePolicy(queue: Queue): PolicyDocument {
  const empty: PolicyDocument = { Version: "2008-10-17", Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
  if (!queue.attributes.Policy) return empty;
  try {
    const parsed = JSON.parse(queue.attributes.Policy) as Partial<PolicyDocument>;
    const statements = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : parsed.Statement
        ? [parsed.Statement]
        : [];
    return { ...empty, ...parsed, Statement: statements } as PolicyDocument;
  } catch {
    throw new InvalidParameterValue("The queue's existing Policy is not valid JSON.");
  }
}
