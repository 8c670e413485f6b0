"""Drives every SQS operation through boto3 and prints a JSON report of the outcomes.

    python3 sqs_scenario.py <endpoint> json|query

`json` is plain boto3 (current botocore: awsJson 1.0, query-compatible errors). `query` loads the
query-protocol SQS model of Debian's awscli package (v2.9, from before SQS moved to JSON), so the
same calls go out as `Action=…` forms and come back as XML. That model predates message move
tasks (2023); their three operations are added from the current model with the query traits AWS
published for them (see add_move_task_operations).

The report is protocol-neutral: URLs have the endpoint replaced, ids and handles are reduced to
facts about them, so boto3.test.ts can require both runs to report the same thing. MD5 digests
are checked here because botocore (unlike SDK v3 and boto 2) does not verify them.
"""

import base64
import copy
import hashlib
import json
import os
import re
import sys
import tempfile

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

DEBIAN_DATA_DIR = "/usr/lib/python3/dist-packages/awscli/botocore/data"
SQS_MODEL = "sqs/2012-11-05/service-2.json"
MOVE_TASK_OPERATIONS = ["StartMessageMoveTask", "CancelMessageMoveTask", "ListMessageMoveTasks"]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def shape_closure(shapes, roots):
    """Names of the shapes reachable from roots."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = list(shape.get("members", {}).values())
        refs += [shape[k] for k in ("member", "key", "value") if k in shape]
        todo += [ref["shape"] for ref in refs]
    return seen


def add_move_task_operations(query_model):
    """Copies the move-task operations from the current (JSON) model into the old query model.

    Their requests are flat scalars, so the only query-specific trait is on the result list:
    AWS's 2023 query model (botocore 1.29.150+) serializes ListMessageMoveTasksResult entries
    as a flattened list of <ListMessageMoveTasksResultEntry> elements.
    """
    current = botocore.session.get_session().get_component("data_loader").load_service_model("sqs", "service-2")
    roots = []
    for name in MOVE_TASK_OPERATIONS:
        op = copy.deepcopy(current["operations"][name])
        op["output"]["resultWrapper"] = f"{name}Result"
        query_model["operations"][name] = op
        roots += [op["input"]["shape"], op["output"]["shape"]] + [e["shape"] for e in op.get("errors", [])]
    for name in shape_closure(current["shapes"], roots):
        query_model["shapes"].setdefault(name, copy.deepcopy(current["shapes"][name]))
    entries = query_model["shapes"]["ListMessageMoveTasksResultEntryList"]
    entries["flattened"] = True
    entries["member"]["locationName"] = "ListMessageMoveTasksResultEntry"


def make_session(protocol):
    session = botocore.session.get_session()
    if protocol == "query":
        with open(os.path.join(DEBIAN_DATA_DIR, SQS_MODEL)) as f:
            model = json.load(f)
        if model["metadata"]["protocol"] != "query":
            raise SystemExit(f"{DEBIAN_DATA_DIR} does not hold the query-protocol SQS model")
        if "StartMessageMoveTask" not in model["operations"]:
            add_move_task_operations(model)
        data_dir = tempfile.mkdtemp(prefix="sqs-query-model-")
        os.makedirs(os.path.join(data_dir, os.path.dirname(SQS_MODEL)))
        with open(os.path.join(data_dir, SQS_MODEL), "w") as f:
            json.dump(model, f)
        session.get_component("data_loader").search_paths.insert(0, data_dir)
    return session


def md5_of_attributes(attributes):
    """AWS's MD5OfMessageAttributes: per attribute, sorted by name, length-prefixed fields."""
    if not attributes:
        return None
    buf = bytearray()

    def put(data):
        buf.extend(len(data).to_bytes(4, "big"))
        buf.extend(data)

    for name in sorted(attributes):
        attr = attributes[name]
        put(name.encode())
        put(attr["DataType"].encode())
        if "BinaryValue" in attr:
            buf.append(2)
            put(attr["BinaryValue"])
        else:
            buf.append(1)
            put(attr["StringValue"].encode())
    return hashlib.md5(buf).hexdigest()


def md5_of_body(body):
    return hashlib.md5(body.encode()).hexdigest()


def wire_attributes(attributes):
    out = {}
    for name, attr in sorted((attributes or {}).items()):
        value = {"DataType": attr["DataType"]}
        if "BinaryValue" in attr:
            value["BinaryValue"] = base64.b64encode(attr["BinaryValue"]).decode()
        if "StringValue" in attr:
            value["StringValue"] = attr["StringValue"]
        out[name] = value
    return out


class Scenario:
    def __init__(self, endpoint, protocol):
        self.endpoint = endpoint
        self.protocol = protocol
        session = make_session(protocol)
        self.sqs = boto3.Session(botocore_session=session).client(
            "sqs",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 1, "mode": "standard"}),
        )
        self.content_types = set()
        self.sqs.meta.events.register("before-send.sqs", self.record_request)
        self.steps = []

    def record_request(self, request, **_):
        content_type = request.headers.get("Content-Type", b"")
        if isinstance(content_type, bytes):
            content_type = content_type.decode()
        self.content_types.add(content_type.split(";")[0])

    def normalize(self, value):
        if isinstance(value, str):
            return value.replace(self.endpoint, "{endpoint}")
        if isinstance(value, list):
            return [self.normalize(v) for v in value]
        if isinstance(value, dict):
            return {k: self.normalize(v) for k, v in value.items()}
        return value

    def call(self, step, operation, summarize=lambda r: None, **params):
        """Runs one operation and records a protocol-neutral outcome; returns the raw response."""
        try:
            response = getattr(self.sqs, operation)(**params)
        except ClientError as error:
            info = error.response["Error"]
            self.steps.append(
                {
                    "step": step,
                    "error": {
                        "code": info.get("Code"),
                        "type": info.get("Type"),
                        "message": self.normalize(info.get("Message")),
                        "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                        "exception": type(error).__name__,
                    },
                }
            )
            return None
        self.steps.append({"step": step, "result": self.normalize(summarize(response))})
        return response

    def run(self):
        sqs = self.sqs
        urls = {}

        # Queues: create (idempotent, conflicting), get URL, list with pagination.
        for name in ["orders", "orders-dlq", "page-1", "page-2", "page-3"]:
            urls[name] = self.call(f"create {name}", "create_queue", lambda r: r["QueueUrl"], QueueName=name)["QueueUrl"]
        self.call("create orders again", "create_queue", lambda r: r["QueueUrl"], QueueName="orders")
        self.call(
            "create orders with other attributes",
            "create_queue",
            QueueName="orders",
            Attributes={"DelaySeconds": "5"},
        )
        self.call("get url", "get_queue_url", lambda r: r["QueueUrl"], QueueName="orders")
        self.call("get url of missing queue", "get_queue_url", QueueName="missing")
        self.call("list all", "list_queues", lambda r: sorted(r["QueueUrls"]))
        first = self.call(
            "list page 1",
            "list_queues",
            lambda r: {"urls": r.get("QueueUrls"), "has_next": "NextToken" in r},
            QueueNamePrefix="page-",
            MaxResults=2,
        )
        self.call(
            "list page 2",
            "list_queues",
            lambda r: {"urls": r.get("QueueUrls"), "has_next": "NextToken" in r},
            QueueNamePrefix="page-",
            MaxResults=2,
            NextToken=first["NextToken"],
        )
        pages = sqs.get_paginator("list_queues").paginate(QueueNamePrefix="page-", PaginationConfig={"PageSize": 2})
        self.steps.append({"step": "paginator", "result": [len(p.get("QueueUrls", [])) for p in pages]})

        # Queue attributes.
        orders, dlq = urls["orders"], urls["orders-dlq"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        orders_arn = sqs.get_queue_attributes(QueueUrl=orders, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})
        self.call(
            "set attributes",
            "set_queue_attributes",
            QueueUrl=orders,
            Attributes={"VisibilityTimeout": "45", "RedrivePolicy": redrive},
        )
        self.call(
            "get chosen attributes",
            "get_queue_attributes",
            lambda r: {**r["Attributes"], "RedrivePolicy": json.loads(r["Attributes"]["RedrivePolicy"])},
            QueueUrl=orders,
            AttributeNames=["VisibilityTimeout", "RedrivePolicy", "QueueArn"],
        )
        self.call(
            "get all attributes",
            "get_queue_attributes",
            lambda r: {
                k: ("<timestamp>" if k.endswith("Timestamp") and v.isdigit() else v) for k, v in r["Attributes"].items()
            },
            QueueUrl=orders,
            AttributeNames=["All"],
        )
        self.call("get unknown attribute", "get_queue_attributes", QueueUrl=orders, AttributeNames=["Colour"])

        # Sending, with message attributes of every data type.
        attributes = {
            "note": {"DataType": "String", "StringValue": "hello"},
            "price": {"DataType": "Number", "StringValue": "12.50"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe\xff"},
            "kind": {"DataType": "String.custom", "StringValue": "x"},
        }

        def sent(body, attrs):
            def summarize(r):
                return {
                    "message_id_is_uuid": bool(UUID.match(r["MessageId"])),
                    "md5_of_body": r["MD5OfMessageBody"],
                    "md5_of_body_ok": r["MD5OfMessageBody"] == md5_of_body(body),
                    "md5_of_attributes": r.get("MD5OfMessageAttributes"),
                    "md5_of_attributes_ok": r.get("MD5OfMessageAttributes") == md5_of_attributes(attrs),
                }

            return summarize

        self.call("send", "send_message", sent("single", attributes), QueueUrl=orders, MessageBody="single", MessageAttributes=attributes)
        tricky_body = 'batch-2 with \r\n, <xml> & "quotes" \u00e9\U0001f600'
        batch_attrs = {"price": {"DataType": "Number", "StringValue": "3"}}
        entries = [
            {"Id": "b1", "MessageBody": "batch-1", "MessageAttributes": batch_attrs},
            {"Id": "b2", "MessageBody": tricky_body},
            {"Id": "bad-delay", "MessageBody": "never", "DelaySeconds": 1000},
            {"Id": "bad-chars", "MessageBody": "bell \u0007"},
        ]
        bodies = {e["Id"]: (e["MessageBody"], e.get("MessageAttributes")) for e in entries}
        self.call(
            "send batch",
            "send_message_batch",
            lambda r: {
                "successful": {
                    s["Id"]: {
                        "md5_of_body_ok": s["MD5OfMessageBody"] == md5_of_body(bodies[s["Id"]][0]),
                        "md5_of_attributes_ok": s.get("MD5OfMessageAttributes") == md5_of_attributes(bodies[s["Id"]][1]),
                    }
                    for s in r["Successful"]
                },
                "failed": sorted(r.get("Failed", []), key=lambda f: f["Id"]),
            },
            QueueUrl=orders,
            Entries=entries,
        )
        self.call("send batch without entries", "send_message_batch", QueueUrl=orders, Entries=[])
        self.call(
            "send batch of 11",
            "send_message_batch",
            QueueUrl=orders,
            Entries=[{"Id": f"e{i}", "MessageBody": "x"} for i in range(11)],
        )

        # Receiving with attribute selection.
        received = self.call(
            "receive",
            "receive_message",
            lambda r: sorted(
                (
                    {
                        "body": m["Body"],
                        "md5_of_body_ok": m["MD5OfBody"] == md5_of_body(m["Body"]),
                        "attributes": {
                            k: v if k == "ApproximateReceiveCount" else "<timestamp>"
                            for k, v in m.get("Attributes", {}).items()
                        },
                        "message_attributes": wire_attributes(m.get("MessageAttributes")),
                        "md5_of_attributes": m.get("MD5OfMessageAttributes"),
                        "md5_of_attributes_ok": m.get("MD5OfMessageAttributes")
                        == md5_of_attributes(m.get("MessageAttributes")),
                    }
                    for m in r.get("Messages", [])
                ),
                key=lambda m: m["body"],
            ),
            QueueUrl=orders,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            VisibilityTimeout=60,
            AttributeNames=["SentTimestamp", "ApproximateReceiveCount"],
            MessageAttributeNames=["price", "blob"],
        )
        handles = {m["Body"]: m["ReceiptHandle"] for m in received["Messages"]}

        # Visibility and deletion, single and batch, with invalid handles.
        self.call("change visibility", "change_message_visibility", QueueUrl=orders, ReceiptHandle=handles["single"], VisibilityTimeout=0)
        self.call(
            "change visibility with invalid handle",
            "change_message_visibility",
            QueueUrl=orders,
            ReceiptHandle="not-a-receipt-handle",
            VisibilityTimeout=10,
        )

        def batch_outcome(r):
            return {
                "successful": sorted(s["Id"] for s in r["Successful"]),
                "failed": sorted(r.get("Failed", []), key=lambda f: f["Id"]),
            }

        self.call(
            "change visibility batch",
            "change_message_visibility_batch",
            batch_outcome,
            QueueUrl=orders,
            Entries=[
                {"Id": "b1", "ReceiptHandle": handles["batch-1"], "VisibilityTimeout": 120},
                {"Id": "b2", "ReceiptHandle": handles[tricky_body], "VisibilityTimeout": 120},
                {"Id": "junk", "ReceiptHandle": "junk", "VisibilityTimeout": 120},
            ],
        )
        self.call("delete", "delete_message", QueueUrl=orders, ReceiptHandle=handles["single"])
        self.call("delete with invalid handle", "delete_message", QueueUrl=orders, ReceiptHandle="not-a-receipt-handle")
        self.call(
            "delete batch",
            "delete_message_batch",
            batch_outcome,
            QueueUrl=orders,
            Entries=[
                {"Id": "b1", "ReceiptHandle": handles["batch-1"]},
                {"Id": "b2", "ReceiptHandle": handles[tricky_body]},
                {"Id": "junk", "ReceiptHandle": "junk"},
            ],
        )
        self.call("delete batch without entries", "delete_message_batch", QueueUrl=orders, Entries=[])
        self.call(
            "queue is empty",
            "get_queue_attributes",
            lambda r: r["Attributes"],
            QueueUrl=orders,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )

        # Tags.
        self.call("tag", "tag_queue", QueueUrl=orders, Tags={"team": "orders", "env": "test"})
        self.call("list tags", "list_queue_tags", lambda r: r.get("Tags"), QueueUrl=orders)
        self.call("untag", "untag_queue", QueueUrl=orders, TagKeys=["env"])
        self.call("list tags after untag", "list_queue_tags", lambda r: r.get("Tags"), QueueUrl=orders)

        # Permissions.
        grant = {"QueueUrl": orders, "Label": "partner", "AWSAccountIds": ["111122223333"], "Actions": ["SendMessage", "ReceiveMessage"]}
        self.call("add permission", "add_permission", **grant)
        self.call(
            "policy",
            "get_queue_attributes",
            lambda r: json.loads(r["Attributes"]["Policy"]),
            QueueUrl=orders,
            AttributeNames=["Policy"],
        )
        self.call("add permission again", "add_permission", **grant)
        self.call("remove permission", "remove_permission", QueueUrl=orders, Label="partner")
        self.call("remove permission again", "remove_permission", QueueUrl=orders, Label="partner")
        self.call(
            "policy gone",
            "get_queue_attributes",
            lambda r: r.get("Attributes"),
            QueueUrl=orders,
            AttributeNames=["Policy"],
        )

        # Dead-letter sources and purge.
        self.call("dead-letter sources", "list_dead_letter_source_queues", lambda r: r["queueUrls"], QueueUrl=dlq)
        self.call("purge", "purge_queue", QueueUrl=urls["page-1"])
        self.call("purge again", "purge_queue", QueueUrl=urls["page-1"])

        # Message move tasks: DLQ back to its source, slowly enough to still be running.
        for i in range(3):
            sqs.send_message(QueueUrl=dlq, MessageBody=f"dead-{i}")

        def task_list(r):
            return [
                {
                    **{k: v for k, v in t.items() if k not in ("TaskHandle", "StartedTimestamp", "ApproximateNumberOfMessagesMoved")},
                    "has_task_handle": "TaskHandle" in t,
                    "started_is_epoch_ms": isinstance(t.get("StartedTimestamp"), int) and t["StartedTimestamp"] > 10**12,
                    "moved_is_int": isinstance(t.get("ApproximateNumberOfMessagesMoved"), int),
                }
                for t in r["Results"]
            ]

        self.call("start move task from a non-DLQ", "start_message_move_task", SourceArn=orders_arn)
        started = self.call(
            "start move task",
            "start_message_move_task",
            lambda r: {"handle_is_base64_json": "taskId" in json.loads(base64.b64decode(r["TaskHandle"]))},
            SourceArn=dlq_arn,
            DestinationArn=orders_arn,
            MaxNumberOfMessagesPerSecond=1,
        )
        self.call("start second move task", "start_message_move_task", SourceArn=dlq_arn, DestinationArn=orders_arn)
        self.call("list move tasks", "list_message_move_tasks", task_list, SourceArn=dlq_arn, MaxResults=10)
        self.call(
            "cancel move task",
            "cancel_message_move_task",
            lambda r: {"moved_is_int": isinstance(r["ApproximateNumberOfMessagesMoved"], int)},
            TaskHandle=started["TaskHandle"],
        )
        self.call(
            "list cancelled move task",
            "list_message_move_tasks",
            lambda r: [
                {"status": "CANCELLING|CANCELLED" if t["Status"] in ("CANCELLING", "CANCELLED") else t["Status"], "has_task_handle": "TaskHandle" in t}
                for t in r["Results"]
            ],
            SourceArn=dlq_arn,
        )

        # Deleting a queue; using it afterwards.
        self.call("delete queue", "delete_queue", QueueUrl=urls["page-3"])
        self.call("get url of deleted queue", "get_queue_url", QueueName="page-3")
        self.call("send to deleted queue", "send_message", QueueUrl=urls["page-3"], MessageBody="x")
        self.call("recreate deleted queue at once", "create_queue", QueueName="page-3")
        self.call("list after delete", "list_queues", lambda r: sorted(r["QueueUrls"]), QueueNamePrefix="page-")

        return {
            "protocol": self.protocol,
            "client_protocol": self.sqs.meta.service_model.protocol,
            "content_types": sorted(self.content_types),
            "steps": self.steps,
        }


def main():
    endpoint, protocol = sys.argv[1], sys.argv[2]
    if protocol not in ("json", "query"):
        raise SystemExit("protocol must be json or query")
    print(json.dumps(Scenario(endpoint, protocol).run(), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
