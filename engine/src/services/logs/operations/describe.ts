/** Log groups and streams as DescribeLogGroups and DescribeLogStreams show them. */
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import { type LogGroup, type LogStream, logGroupArn, logStreamArn } from "../catalog.ts";
import type { LogsCore } from "../core.ts";

/** The 56-digit sequence token of a stream's last batch (AWS still returns one, and ignores it). */
export const sequenceToken = (stream: LogStream): string =>
  String(stream.id).padStart(20, "0") + String(stream.uploadSequence).padStart(36, "0");

export function describeGroup(core: LogsCore, group: LogGroup): Logs.LogGroup {
  const arn = logGroupArn(group);
  return {
    logGroupName: group.name,
    creationTime: group.createdAt,
    ...(group.retentionDays !== undefined && { retentionInDays: group.retentionDays }),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: core.storedBytes(group),
    ...(group.kmsKeyId !== undefined && { kmsKeyId: group.kmsKeyId }),
    logGroupClass: group.logGroupClass as Logs.LogGroupClass,
    logGroupArn: arn,
    deletionProtectionEnabled: group.deletionProtection,
  };
}

/**
 * AWS (model): with logGroupNamePattern "only arn, creationTime, and logGroupName are included";
 * AWS answers (2026) also carry logGroupArn, logGroupClass and metricFilterCount.
 */
export function describeGroupByPattern(group: LogGroup): Logs.LogGroup {
  const arn = logGroupArn(group);
  return {
    logGroupName: group.name,
    creationTime: group.createdAt,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    logGroupClass: group.logGroupClass as Logs.LogGroupClass,
    logGroupArn: arn,
  };
}

export function describeStream(group: LogGroup, stream: LogStream): Logs.LogStream {
  const described: Logs.LogStream = {
    logStreamName: stream.name,
    creationTime: stream.createdAt,
  };
  if (stream.firstEventAt !== undefined) {
    described.firstEventTimestamp = stream.firstEventAt;
    described.lastEventTimestamp = stream.lastEventAt;
    described.lastIngestionTime = stream.lastIngestedAt;
    described.uploadSequenceToken = sequenceToken(stream);
  }
  described.arn = logStreamArn(group, stream);
  // AWS: "As of June 17, 2019, this parameter is no longer supported for log streams, and is
  // always reported as zero."
  described.storedBytes = 0;
  return described;
}
