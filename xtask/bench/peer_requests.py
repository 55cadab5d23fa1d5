"""The peer an integrator would write instead of using solapi-cash: export the whole balance
history with Python `requests`, one page after the other.

Written the way SOLAPI's own material shows it, not tuned:
- the request is signed as the API key page of SOLAPI's documentation describes
  (solapi/documents, authentication/api-key.md): `HMAC-SHA256` of the date text followed by
  the salt, keyed with the API secret, hex digest; a fresh salt and date for every request.
  The date and salt are made like the official Python SDK (PyPI `solapi` 5,
  `solapi/lib/authenticator.py`) makes them: ISO 8601 with the UTC offset, a UUID's hex;
- one `requests.Session` (connections kept alive, as `requests` advises for repeated calls);
- offsets advance by the entries received; the export stops at the first short page;
- each page is decoded with `json.loads` (so amounts become Python floats: this script is not
  exact, which is part of what it stands for) and each entry written with `json.dumps`.

Environment: SOLAPI_BASE_URL, SOLAPI_API_KEY, SOLAPI_API_SECRET (as the CLI reads them) and
SOLAPI_BENCH_PAGE_SIZE (default 1000). Writes NDJSON to standard output and
`exported N entries` to standard error, the line `cargo xtask bench` checks.

Run by `cargo xtask bench`; by hand: `python3 xtask/bench/peer_requests.py > /dev/null`.
"""

import datetime
import hashlib
import hmac
import json
import os
import sys
import uuid

import requests


def authorization(api_key, api_secret):
    date = datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat()
    salt = uuid.uuid4().hex
    signature = hmac.new(
        api_secret.encode(), (date + salt).encode(), hashlib.sha256
    ).hexdigest()
    return f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


def main():
    base_url = os.environ["SOLAPI_BASE_URL"].rstrip("/")
    api_key = os.environ["SOLAPI_API_KEY"]
    api_secret = os.environ["SOLAPI_API_SECRET"]
    limit = int(os.environ.get("SOLAPI_BENCH_PAGE_SIZE", "1000"))

    session = requests.Session()
    offset = 0
    exported = 0
    while True:
        response = session.get(
            f"{base_url}/cash/v1/balance/history",
            params={"offset": offset, "limit": limit},
            headers={"Authorization": authorization(api_key, api_secret)},
            timeout=30,
        )
        response.raise_for_status()
        page = json.loads(response.text)
        for entry in page:
            print(json.dumps(entry, ensure_ascii=False))
        exported += len(page)
        offset += len(page)
        if len(page) < limit:
            break
    sys.stdout.flush()
    print(f"exported {exported} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
