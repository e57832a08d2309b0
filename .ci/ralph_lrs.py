"""Ralph's learning record store (ralph-malph) with its file-system backend, for CI
and the end-to-end tests of the xAPI learning records.

Run it with the Python of Ralph's own virtual environment (never the project's):

    RALPH_AUTH_FILE=auth.json ralph-venv/bin/python .ci/ralph_lrs.py \\
        --host 127.0.0.1 --port 58100 --data DIR

This is ``ralph runserver -b fs`` but for two things. ``runserver`` runs uvicorn
with its reloader, a second process that a test killing the LRS would also have to
find. And Ralph's file-system backend opens its statements file in "create" mode,
so it refuses every write after the first (HTTP 500 "Statements bulk indexation
failed", ralph-malph 4.x and 5.x); here it appends instead. Everything else is
Ralph's own code: basic authentication, the statements resource, and its checks for
an id it already holds (dropped when equal, 409 when different).
"""

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", required=True, help="directory of the statements")
    args = parser.parse_args()
    # Ralph reads its settings from the environment when it is imported.
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = args.data

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
