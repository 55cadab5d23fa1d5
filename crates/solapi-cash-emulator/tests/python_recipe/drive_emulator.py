"""The recipe of docs/emulator.md ("From a Python or Node test suite"), end to end.

A Python test suite would do exactly this, in a fixture: write a state file, start the
`solapi-cash-emulator` binary, read the `NAME=value` lines it prints (they end with an
empty line), call the API, stop the binary with SIGTERM, and find the state saved. Only
the standard library is used. Run by tests/python_recipe.rs with SOLAPI_EMULATOR_BIN set;
prints one JSON report on stdout.
"""

import datetime
import hashlib
import hmac
import json
import os
import secrets
import signal
import stat
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

BINARY = os.environ["SOLAPI_EMULATOR_BIN"]
KEY = "NCPYTHONRECIPE01"
SECRET = "PYTHON-RECIPE-SECRET-0123456789"
CARD = "1500000000000000000000000000042"

# Proxies from the environment must not see loopback traffic.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def start(*args, stderr):
    """Starts the emulator; returns the process and the variables it printed."""
    process = subprocess.Popen(
        [BINARY, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,  # a file: a pipe nobody reads could fill and stall the emulator
        text=True,
    )
    variables = {}
    for line in process.stdout:
        line = line.strip()
        if not line:  # the block of variables ends with an empty line
            break
        name, _, value = line.partition("=")
        variables[name] = value
    return process, variables


def stop(process):
    """SIGTERM (as CI runners and Ctrl-C do), then wait: the emulator saves and exits 0."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def authorization():
    """HMAC-SHA256 over date + salt, as SOLAPI's documentation describes it."""
    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    salt = secrets.token_hex(16)
    signature = hmac.new(SECRET.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 apiKey={KEY}, date={date}, salt={salt}, signature={signature}"


def call(base_url, method, path, body=None, signed=True):
    headers = {"Content-Type": "application/json"}
    if signed:
        headers["Authorization"] = authorization()
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method, headers=headers)
    try:
        with OPENER.open(request, timeout=20) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def main():
    report = {}
    with tempfile.TemporaryDirectory() as folder:
        state = os.path.join(folder, "state.json")
        saved = os.path.join(folder, "saved.json")
        log = open(os.path.join(folder, "stderr.log"), "w+")
        with open(state, "w") as f:
            json.dump(
                {
                    "accounts": [
                        {
                            "accountId": "24010000000042",
                            "mfa": False,
                            "balance": 5000,
                            "apiKeys": [{"apiKey": KEY, "apiSecret": SECRET}],
                            "paymentMethods": [{"paymentId": CARD}],
                        }
                    ]
                },
                f,
            )

        process, variables = start("--state", state, "--save-state", saved, "-v", stderr=log)
        report["variables"] = sorted(variables)
        base_url = variables["SOLAPI_BASE_URL"]
        report["balance"] = call(base_url, "GET", "/cash/v1/balance")
        report["recharge"] = call(
            base_url, "POST", "/cash/v1/balance", {"amount": 1000, "paymentId": CARD}
        )
        report["unsigned"] = call(base_url, "GET", "/cash/v1/balance", signed=False)
        report["admin_accounts"] = call(base_url, "GET", "/_emulator/accounts", signed=False)
        report["exit_code"] = stop(process)

        log.seek(0)
        stderr = log.read()
        report["stderr_saved"] = "state saved to" in stderr
        report["stderr_has_escape_codes"] = "\x1b" in stderr
        report["saved_mode"] = oct(stat.S_IMODE(os.stat(saved).st_mode))
        with open(saved) as f:
            document = json.load(f)
        account = document["accounts"][0]
        report["saved_balance"] = account["balance"]
        report["saved_entry_types"] = [e["type"] for e in account["entries"]]
        report["saved_has_secret"] = account["apiKeys"][0]["apiSecret"] == SECRET

        # A second run from the saved file picks up where the first stopped.
        process, variables = start("--state", saved, stderr=log)
        base_url = variables["SOLAPI_BASE_URL"]
        report["restarted_balance"] = call(base_url, "GET", "/cash/v1/balance")
        report["restarted_history"] = call(base_url, "GET", "/cash/v1/balance/history")
        report["restarted_exit_code"] = stop(process)
        log.close()
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
