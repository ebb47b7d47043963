# Runs AWS CLI commands one after another in one Python process: the same awscli driver that the
# `aws` command runs, without paying Python's start-up for every call. Reads one JSON request per
# line and answers one JSON line:
#   {"args": [...]}                       -> {"rc", "stdout", "stderr"}
#   {"modelPaths": [service, operation], "paths": ["$.a[].b", ...]}
#                                         -> {"known": [true|false, ...]}: whether each output path
#                                            is a member of the operation's output in botocore's model
import contextlib
import io
import json
import re
import sys

from awscli.clidriver import create_clidriver

answers = sys.stdout
driver = create_clidriver()


def output_shape(service, operation):
    command = driver._get_command_table()[service]
    return command._get_command_table()[operation]._operation_model.output_shape


def known(shape, path):
    for part in re.findall(r"\.([^.\[]+)|(\[\])", path[1:]):
        name, is_list = part
        if shape is None:
            return False
        if shape.type_name == "string":
            # A JSON document the model types as a string, which botocore decodes (IAM policies).
            return True
        if is_list:
            shape = getattr(shape, "member", None)
        elif shape.type_name == "map":
            shape = shape.value
        else:
            shape = getattr(shape, "members", {}).get(name)
    return shape is not None


for line in sys.stdin:
    request = json.loads(line)
    if "modelPaths" in request:
        shape = output_shape(*request["modelPaths"])
        answer = {"known": [known(shape, path) for path in request["paths"]]}
    else:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = driver.main(request["args"])
            except SystemExit as exit_:
                rc = exit_.code if isinstance(exit_.code, int) else 1
            except Exception as error:  # the CLI reports its own errors; this is a crash
                print(f"aws-cli-batch: {error!r}", file=sys.stderr)
                rc = 255
        answer = {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}
    answers.write(json.dumps(answer) + "\n")
    answers.flush()
