"""
The runtime of a Python execution environment: one process per environment, speaking the Lambda
Runtime API that the engine serves at AWS_LAMBDA_RUNTIME_API. It behaves as Lambda's Python runtime
interface client (github.com/aws/aws-lambda-python-runtime-interface-client, awslambdaric/
bootstrap.py and lambda_context.py) does: the handler "module.function" ("dir/module.function"
allowed), a LambdaContext, errors as {"errorMessage", "errorType", "requestId", "stackTrace"},
Runtime.ImportModuleError / Runtime.HandlerNotFound / Runtime.MalformedHandlerName /
Runtime.UserCodeSyntaxError for a handler that cannot be loaded, Runtime.MarshalError for a
response that is not JSON, and logging through a root handler formatted
"[LEVEL]\t<time>\t<request id>\t<message>\n".

Log events go to the engine as frames on the descriptor _LAMBDA_TELEMETRY_LOG_FD, as Lambda's
telemetry log sink sends them (type, length, timestamp, message): one frame per logging record,
per error report and per line printed. Before each Runtime API request the runtime writes a mark
frame, so the engine knows it has read all output written before that request.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

LOG_FRAME_TYPE = 0xA55A0003
OUTPUT_MARK_FRAME_TYPE = 0xA55AFF00
CLOCK_OFFSET_HEADER = "Lambda-Runtime-Orderflow-Clock-Offset-Ms"
ERROR_LOG_IDENT = "\u00a0"  # NO-BREAK SPACE, as Lambda indents tracebacks in the log

# AWS (awslambdaric lambda_literals.py): logged when the handler cannot be loaded.
UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. For "
    "functions using managed runtimes, runtime updates can be triggered by a function change, or can "
    "be applied automatically. To determine if the runtime has been updated, check the runtime "
    "version in the INIT_START log entry. If this error correlates with a change in the runtime "
    "version, you may be able to mitigate this error by temporarily rolling back to the previous "
    "runtime version. For more information, see "
    "https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)


class FaultException(Exception):
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    MARSHAL_ERROR = "Runtime.MarshalError"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


# --------------------------------------------------------------------------------------------
# Output


class FramedLogSink:
    def __init__(self, fd):
        self.file = os.fdopen(fd, "wb", 0)

    def _frame(self, frame_type, data):
        timestamp = time.time_ns() // 1000
        self.file.write(
            frame_type.to_bytes(4, "big") + len(data).to_bytes(4, "big") + timestamp.to_bytes(8, "big") + data
        )

    def log(self, msg):
        self._frame(LOG_FRAME_TYPE, msg.encode("utf8"))

    def log_error(self, message_lines):
        self.log("\n".join(message_lines))

    def mark(self):
        self._frame(OUTPUT_MARK_FRAME_TYPE, b"")


class LineStream:
    """sys.stdout and sys.stderr: each line written becomes one log event, as on Lambda."""

    def __init__(self, sink, original):
        self._sink = sink
        self._original = original
        self._partial = ""
        self.buffer = _BinaryLineStream(self)

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        self._partial += text
        while True:
            end = self._partial.find("\n")
            if end < 0:
                break
            self._sink.log(self._partial[: end + 1])
            self._partial = self._partial[end + 1 :]
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def drain(self):
        if self._partial:
            self._sink.log(self._partial)
            self._partial = ""

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return self._original.fileno()

    @property
    def encoding(self):
        return "utf-8"

    def __getattr__(self, name):
        return getattr(self._original, name)


class _BinaryLineStream:
    def __init__(self, text_stream):
        self._text = text_stream

    def write(self, data):
        self._text.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)

    def flush(self):
        pass


def replace_line_indentation(line, indent_char, new_indent_char):
    count = 0
    for c in line:
        if c != indent_char:
            break
        count += 1
    return (new_indent_char * count) + line[count:]


def log_error(error_result, sink):
    description = "[ERROR]"
    error_type = error_result.get("errorType")
    if error_type:
        description += " " + error_type
    error_message = error_result.get("errorMessage")
    if error_message:
        if error_type:
            description += ":"
        description += " " + error_message
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines += ["Traceback (most recent call last):"]
        for element in stack_trace:
            if element == "":
                lines += [""]
            else:
                for trace_line in element.splitlines():
                    lines += [replace_line_indentation(trace_line, " ", ERROR_LOG_IDENT)]
    sink.log_error(lines)


_request_id = None
_clock_offset_s = 0.0


class LambdaLoggerHandler(logging.Handler):
    def __init__(self, sink):
        super().__init__()
        self.log_sink = sink

    def emit(self, record):
        self.log_sink.log(self.format(record))


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        # Stamped in the engine clock's time, as the platform stamps the events.
        if _clock_offset_s:
            record.created += _clock_offset_s
            record.msecs = (record.created - int(record.created)) * 1000
        return True


def setup_logging(sink):
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler(sink)
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
            "%Y-%m-%dT%H:%M:%S",
        )
    )
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if level and level.upper() in logging._nameToLevel:
        logging.getLogger().setLevel(level.upper())
    handler.addFilter(LambdaLoggerFilter())
    logging.getLogger().addHandler(handler)


# --------------------------------------------------------------------------------------------
# The Runtime API


class RuntimeClient:
    def __init__(self, address, sink):
        host, port = address.rsplit(":", 1)
        self._connection = http.client.HTTPConnection(host, int(port))
        self._sink = sink

    def _request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            self._sink.mark()
            try:
                self._connection.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers or {})
                response = self._connection.getresponse()
                return response, response.read()
            except (http.client.HTTPException, ConnectionError):
                self._connection.close()
                if attempt:
                    raise

    def next(self):
        response, body = self._request("GET", "/invocation/next")
        return response.headers, body

    def post_result(self, invoke_id, data, content_type):
        self._request(
            "POST", "/invocation/%s/response" % invoke_id, data, {"Content-Type": content_type}
        )

    def post_error(self, invoke_id, error_result):
        self._request(
            "POST",
            "/invocation/%s/error" % invoke_id,
            to_json(error_result).encode("utf-8"),
            {"Lambda-Runtime-Function-Error-Type": error_result["errorType"], "Content-Type": "application/json"},
        )

    def post_init_error(self, error_result):
        self._request(
            "POST",
            "/init/error",
            to_json(error_result).encode("utf-8"),
            {"Lambda-Runtime-Function-Error-Type": error_result["errorType"], "Content-Type": "application/json"},
        )


class Encoder(json.JSONEncoder):
    """Lambda's marshaller writes Decimal (boto3's DynamoDB numbers) as JSON numbers."""

    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def to_json(obj):
    return json.dumps(obj, cls=Encoder, ensure_ascii=False, allow_nan=True)


def marshal_response(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except TypeError as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: " + str(e), None)


# --------------------------------------------------------------------------------------------
# The handler


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e))
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname), None
        )


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def user_frames(tb):
    """The traceback from the first frame outside this bootstrap."""
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if "/bootstrap.py" not in frames[i][0]:
            return frames[i:]
    return frames


def build_fault_result(exc_info, invoke_id=None):
    etype, value, tb = exc_info
    return make_error(str(value), etype.__name__, traceback.format_list(user_frames(tb)), invoke_id)


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def make_obj_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field, None))
    return obj


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms, invoked_function_arn):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = None
        self.client_context = make_obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = make_obj_from_dict(Client, self.client_context.client)
        self.identity = make_obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        delta_ms = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        for handler in logging.getLogger().handlers:
            if hasattr(handler, "log_sink"):
                handler.log_sink.log(str(msg))
                return
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"aws_request_id={self.aws_request_id},"
            f"log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},"
            f"function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},"
            f"function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},"
            f"client_context={self.client_context},"
            f"identity={self.identity},"
            f"tenant_id={self.tenant_id}"
            "])"
        )


def parse_json_header(header, name):
    try:
        return json.loads(header)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e)), None
        )


def handle_event_request(client, request_handler, headers, body, sink, streams):
    invoke_id = headers.get("Lambda-Runtime-Aws-Request-Id")
    error_result = None
    try:
        client_context = headers.get("Lambda-Runtime-Client-Context")
        cognito_identity = headers.get("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(
            invoke_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(headers.get("Lambda-Runtime-Deadline-Ms")),
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
        )
        content_type = headers.get("Content-Type")
        event = json.loads(body) if content_type in (None, "application/json") else body
        response = request_handler(event, context)
        result, result_content_type = marshal_response(response)
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        error_result = build_fault_result(sys.exc_info(), invoke_id)

    if error_result is not None:
        log_error(error_result, sink)
    for stream in streams:
        stream.drain()
    if error_result is not None:
        client.post_error(invoke_id, error_result)
    else:
        client.post_result(invoke_id, result, result_content_type)


def main():
    global _request_id, _clock_offset_s
    # The function's directory comes first on the path, not this bootstrap's.
    sys.path[0] = os.environ["LAMBDA_TASK_ROOT"]
    sink = FramedLogSink(int(os.environ.pop("_LAMBDA_TELEMETRY_LOG_FD")))
    streams = [LineStream(sink, sys.stdout), LineStream(sink, sys.stderr)]
    sys.stdout, sys.stderr = streams
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"], sink)
    setup_logging(sink)

    try:
        request_handler = get_handler(os.environ["_HANDLER"])
    except Exception as e:
        if isinstance(e, FaultException):
            error_result = make_error(e.msg, e.exception_type, e.trace)
        else:
            error_result = build_fault_result(sys.exc_info())
        logging.warning(UNHANDLED_EXCEPTION_WARNING)
        log_error(error_result, sink)
        for stream in streams:
            stream.drain()
        client.post_init_error(error_result)
        sys.exit(1)

    while True:
        for stream in streams:
            stream.drain()
        headers, body = client.next()
        _request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        _clock_offset_s = float(headers.get(CLOCK_OFFSET_HEADER) or 0) / 1000
        handle_event_request(client, request_handler, headers, body, sink, streams)


if __name__ == "__main__":
    main()
