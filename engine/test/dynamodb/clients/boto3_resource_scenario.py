"""DynamoDB through boto3's resource API against an engine endpoint.

Usage: python3 boto3_resource_scenario.py <endpoint-url>

Drives Table.put_item / get_item / update_item / query / scan with boto3.dynamodb.conditions,
batch_writer and Decimal numbers, and prints one JSON report on stdout: a list of steps, each
with its result or the error DynamoDB answered. Numbers are reported as strings (Decimal).
"""

import json
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
TABLE = "boto3-orders"
BIG = Decimal("1234567890123456789012345678901234567.8")  # 38 significant digits

resource = boto3.resource(
    "dynamodb",
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1}),
)
client = boto3.client(
    "dynamodb",
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1}),
)
steps = []


def plain(value):
    """Resource-API values as JSON: Decimals and sets as strings and sorted lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, bytes):  # boto3 Binary
        return value.value.hex()
    return value


def step(name, action):
    try:
        steps.append({"step": name, "result": plain(action())})
    except ClientError as error:
        steps.append(
            {
                "step": name,
                "error": {
                    "code": error.response["Error"]["Code"],
                    "message": error.response["Error"]["Message"],
                    "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                    "exception": type(error).__name__,
                },
            }
        )


table = resource.create_table(
    TableName=TABLE,
    KeySchema=[
        {"AttributeName": "customer", "KeyType": "HASH"},
        {"AttributeName": "placed", "KeyType": "RANGE"},
    ],
    AttributeDefinitions=[
        {"AttributeName": "customer", "AttributeType": "S"},
        {"AttributeName": "placed", "AttributeType": "N"},
    ],
    BillingMode="PAY_PER_REQUEST",
)
table.wait_until_exists()
steps.append({"step": "table status", "result": table.table_status})

step(
    "put big decimal",
    lambda: table.put_item(
        Item={
            "customer": "ada",
            "placed": Decimal(1),
            "amount": BIG,
            "ratio": Decimal("0.10"),
            "tags": {"new", "vip"},
            "lines": [{"sku": "a", "qty": Decimal(2)}],
            "note": "",
            "gift": False,
            "memo": None,
            "raw": b"\x00\xff",
        }
    )["ResponseMetadata"]["HTTPStatusCode"],
)
step("get it back", lambda: table.get_item(Key={"customer": "ada", "placed": 1}, ConsistentRead=True)["Item"])


def write_batch():
    with table.batch_writer() as batch:
        for i in range(2, 32):
            batch.put_item(Item={"customer": "ada", "placed": Decimal(i), "amount": Decimal(i) / Decimal(4)})
        for i in range(0, 5):
            batch.put_item(Item={"customer": "bob", "placed": Decimal(i), "amount": Decimal(100 + i)})
    return "done"


step("batch_writer 35 items", write_batch)
step(
    "query between with Key",
    lambda: [
        plain(item["placed"])
        for item in table.query(KeyConditionExpression=Key("customer").eq("ada") & Key("placed").between(5, 8))["Items"]
    ],
)
step(
    "query descending with limit",
    lambda: (
        lambda page: {
            "placed": [plain(item["placed"]) for item in page["Items"]],
            "last": page.get("LastEvaluatedKey"),
        }
    )(table.query(KeyConditionExpression=Key("customer").eq("ada"), ScanIndexForward=False, Limit=3)),
)
step(
    "query with filter Attr",
    lambda: (
        lambda page: {"count": page["Count"], "scanned": page["ScannedCount"]}
    )(
        table.query(
            KeyConditionExpression=Key("customer").eq("ada") & Key("placed").gte(2),
            FilterExpression=Attr("amount").gt(Decimal("7.5")),
        )
    ),
)
step(
    "scan with Attr conditions",
    lambda: sorted(
        plain(item["amount"])
        for item in table.scan(FilterExpression=Attr("amount").gte(100) & Attr("customer").begins_with("b"))["Items"]
    ),
)
step(
    "update with arithmetic",
    lambda: table.update_item(
        Key={"customer": "ada", "placed": 1},
        UpdateExpression="SET amount = amount + :d ADD tags :t",
        ExpressionAttributeValues={":d": Decimal("0.2"), ":t": {"gold"}},
        ReturnValues="UPDATED_NEW",
    )["Attributes"],
)
step(
    "conditional put fails",
    lambda: table.put_item(
        Item={"customer": "ada", "placed": Decimal(1)},
        ConditionExpression=Attr("customer").not_exists(),
    ),
)
step(
    "condition failure returns the item",
    lambda: table.delete_item(
        Key={"customer": "ada", "placed": 2},
        ConditionExpression=Attr("amount").lt(0),
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    ),
)
try:
    table.delete_item(
        Key={"customer": "ada", "placed": 2},
        ConditionExpression=Attr("amount").lt(0),
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
except resource.meta.client.exceptions.ConditionalCheckFailedException as error:
    steps.append({"step": "modelled exception carries Item", "result": plain(error.response.get("Item"))})
step(
    "39 digits refused",
    lambda: client.put_item(TableName=TABLE, Item={"customer": {"S": "x"}, "placed": {"N": "1"}, "n": {"N": "1" * 39}}),
)
step("key mismatch", lambda: table.get_item(Key={"customer": "ada"}))

print(json.dumps(steps))
