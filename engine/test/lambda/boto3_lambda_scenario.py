"""Lambda through boto3: create a Python function from a zip, invoke it with a log tail, read an
error as boto3's modelled exception. Prints one JSON document with what each step returned."""
import base64
import io
import json
import sys
import zipfile

import boto3

endpoint = sys.argv[1]
client = boto3.client(
    "lambda",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
)
out = {}

package = io.BytesIO()
with zipfile.ZipFile(package, "w") as archive:
    archive.writestr(
        "app.py",
        "import logging\n"
        "logger = logging.getLogger()\n"
        "logger.setLevel(logging.INFO)\n"
        "def handler(event, context):\n"
        "    logger.info('adding %s and %s', event['a'], event['b'])\n"
        "    return {'sum': event['a'] + event['b'], 'function': context.function_name}\n",
    )
created = client.create_function(
    FunctionName="boto3-adder",
    Runtime="python3.12",
    Role="arn:aws:iam::000000000000:role/lambda-role",
    Handler="app.handler",
    Code={"ZipFile": package.getvalue()},
)
out["create"] = {"State": created["State"], "Runtime": created["Runtime"], "Handler": created["Handler"]}

invoked = client.invoke(FunctionName="boto3-adder", Payload=json.dumps({"a": 2, "b": 40}), LogType="Tail")
out["invoke"] = {
    "StatusCode": invoked["StatusCode"],
    "Payload": json.loads(invoked["Payload"].read()),
    "Log": base64.b64decode(invoked["LogResult"]).decode(),
}

try:
    client.get_function(FunctionName="not-there")
    out["missing"] = "no error"
except client.exceptions.ResourceNotFoundException as error:
    out["missing"] = {
        "code": error.response["Error"]["Code"],
        "message": error.response["Error"]["Message"],
        "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
    }

print(json.dumps(out))
