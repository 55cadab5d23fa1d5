"""SOLAPI's official Python SDK (`solapi` 5.0.3, unchanged) against the emulator.

Run by tests/official_sdks.rs with the SDK on PYTHONPATH and the emulator's address and
credentials in SOLAPI_* variables. Only the base URL is changed (the SDK's `base_url`
attribute). Each step records what the SDK returned or raised; the Rust test judges.
Prints one JSON object on stdout.
"""

import json
import os
import sys
import traceback
from importlib.metadata import version

from solapi import SolapiMessageService
from solapi.lib.fetcher import RequestMethod, default_fetcher

BASE_URL = os.environ["SOLAPI_BASE_URL"]
API_KEY = os.environ["SOLAPI_API_KEY"]
API_SECRET = os.environ["SOLAPI_API_SECRET"]
PAYMENT_ID = os.environ["SOLAPI_PAYMENT_ID"]
DECLINED_PAYMENT_ID = os.environ["SOLAPI_DECLINED_PAYMENT_ID"]


def service(api_key, api_secret):
    s = SolapiMessageService(api_key, api_secret)
    s.base_url = BASE_URL
    return s


def outcome(call):
    """What the SDK did: its return value, or the exception it raised (type and args)."""
    try:
        value = call()
    except Exception as e:  # the SDK raises plain Exception(errorCode, errorMessage)
        return {"raised": type(e).__name__, "args": [str(a) for a in e.args]}
    return {"returned": value}


def fetch(method, path, data=None, secret=API_SECRET):
    """The SDK's own request function (signing, headers, error mapping) on a Cash API path
    the SDK has no method for."""
    auth = {"api_key": API_KEY, "api_secret": secret}
    return default_fetcher(
        auth, {"url": BASE_URL + path, "method": method}, data
    )


def balance_model(s):
    response = s.get_balance()
    return {"type": type(response).__name__, **response.model_dump()}


def main():
    report = {
        "sdk": version("solapi"),
        "balance": outcome(lambda: balance_model(service(API_KEY, API_SECRET))),
        "wrong_secret": outcome(lambda: balance_model(service(API_KEY, "not-the-secret"))),
        "unknown_key": outcome(lambda: balance_model(service("NCUNKNOWNKEY0000", API_SECRET))),
        "history": outcome(
            lambda: fetch(RequestMethod.GET, "/cash/v1/balance/history?limit=5")
        ),
        "payments": outcome(lambda: fetch(RequestMethod.GET, "/cash/v1/payment?limit=5")),
        "recharge": outcome(
            lambda: fetch(
                RequestMethod.POST,
                "/cash/v1/balance",
                {"amount": 1000, "paymentId": PAYMENT_ID},
            )
        ),
        "declined": outcome(
            lambda: fetch(
                RequestMethod.POST,
                "/cash/v1/balance",
                {"amount": 1000, "paymentId": DECLINED_PAYMENT_ID},
            )
        ),
        "history_wrong_secret": outcome(
            lambda: fetch(RequestMethod.GET, "/cash/v1/balance/history", secret="nope")
        ),
    }
    json.dump(report, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a crash of the script itself, not an SDK outcome
        traceback.print_exc()
        sys.exit(2)
