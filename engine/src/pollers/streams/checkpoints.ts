/**
 * Stream mapping checkpoints, per mapping and shard, in the engine's database (scope "pollers"), so
 * a restarted engine resumes each shard where its mapping stopped, as Lambda's checkpoints do.
 *
 * A shard resumes AT its oldest record not yet done (delivered, filtered out or discarded), or
 * AFTER the last record read when all are done. With ParallelizationFactor > 1 lanes run ahead of
 * each other, so each lane also keeps the last record it finished: on resuming, records a lane has
 * already done are skipped. A lane retrying a failed batch keeps the attempts it has made, so
 * MaximumRetryAttempts holds across a restart.
 */
import { type Db, type Migration, migrate } from "../../storage/database.ts";

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE esm_stream_checkpoints (
      mapping_uuid TEXT NOT NULL,
      shard_id TEXT NOT NULL,
      resume_kind TEXT CHECK (resume_kind IN ('AT', 'AFTER')),
      resume_sequence TEXT,
      lanes TEXT NOT NULL,
      finished INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (mapping_uuid, shard_id)
    ) WITHOUT ROWID`,
  },
];

export interface RetryState {
  /** The first record of the batch being retried. */
  sequenceNumber: string;
  /** Failed attempts that counted toward MaximumRetryAttempts. */
  attempts: number;
  /** Invocations of the batch so far (the on-failure record's approximateInvokeCount). */
  invocations: number;
}

export interface ShardCheckpoint {
  resume: { kind: "AT" | "AFTER"; sequenceNumber: string } | undefined;
  /** The ParallelizationFactor the lanes below were kept for. */
  factor: number;
  /** Per lane: the last record it finished beyond the resume point. */
  laneDone: Array<string | null>;
  /** Per lane: the retry state of the batch at its head. */
  laneRetries: Array<RetryState | null>;
  /** The shard is closed and every record of it is done. */
  finished: boolean;
}

interface Row {
  shard_id: string;
  resume_kind: "AT" | "AFTER" | null;
  resume_sequence: string | null;
  lanes: string;
  finished: number;
}

export class CheckpointStore {
  private closed = false;
  private readonly s;

  constructor(db: Db) {
    migrate(db, "pollers", MIGRATIONS);
    this.s = {
      load: db.prepare("SELECT * FROM esm_stream_checkpoints WHERE mapping_uuid = ?"),
      save: db.prepare(
        `INSERT INTO esm_stream_checkpoints (mapping_uuid, shard_id, resume_kind, resume_sequence, lanes, finished, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (mapping_uuid, shard_id) DO UPDATE SET resume_kind = excluded.resume_kind,
           resume_sequence = excluded.resume_sequence, lanes = excluded.lanes, finished = excluded.finished,
           updated_at = excluded.updated_at`,
      ),
      deleteMapping: db.prepare("DELETE FROM esm_stream_checkpoints WHERE mapping_uuid = ?"),
    };
  }

  load(mappingUuid: string): Map<string, ShardCheckpoint> {
    const out = new Map<string, ShardCheckpoint>();
    if (this.closed) return out;
    for (const row of this.s.load.all(mappingUuid) as Row[]) {
      const lanes = JSON.parse(row.lanes) as Pick<ShardCheckpoint, "factor" | "laneDone" | "laneRetries">;
      out.set(row.shard_id, {
        resume:
          row.resume_kind && row.resume_sequence
            ? { kind: row.resume_kind, sequenceNumber: row.resume_sequence }
            : undefined,
        ...lanes,
        finished: row.finished === 1,
      });
    }
    return out;
  }

  save(mappingUuid: string, shardId: string, checkpoint: ShardCheckpoint, now: number): void {
    if (this.closed) return;
    const { resume, factor, laneDone, laneRetries, finished } = checkpoint;
    this.s.save.run(
      mappingUuid,
      shardId,
      resume?.kind ?? null,
      resume?.sequenceNumber ?? null,
      JSON.stringify({ factor, laneDone, laneRetries }),
      finished ? 1 : 0,
      now,
    );
  }

  deleteMapping(mappingUuid: string): void {
    if (!this.closed) this.s.deleteMapping.run(mappingUuid);
  }

  /** The engine is closing: nothing more is read or written (the database may close next). */
  close(): void {
    this.closed = true;
  }
}
