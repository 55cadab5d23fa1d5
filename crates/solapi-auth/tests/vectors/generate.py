#!/usr/bin/env python3
"""Writes the signing test vectors: one folder per case, holding input.json and expected.txt.

Expected values are computed here with Python's hmac/hashlib, independently of the Rust
crate. Run from this directory:  python3 generate.py
The Rust test (tests/vectors.rs) recomputes everything with the crate and compares.
"""

import datetime
import hashlib
import hmac
import json
import os
import shutil

API_KEY = "NCSAYU7YDBXYORXC"
SECRET = "EXAMPLE0SECRET0NOT0REAL0ABCDEF12"  # made up: no real secret is needed

ALGORITHMS = {"HMAC-SHA256": hashlib.sha256, "HMAC-MD5": hashlib.md5}


def sign(algorithm, secret, message):
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), ALGORITHMS[algorithm]).hexdigest()


def to_iso_string(now_text):
    """JavaScript's Date.prototype.toISOString: UTC, milliseconds (truncated), Z."""
    t = datetime.datetime.fromisoformat(now_text).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def our_header(algorithm, api_key, date, salt, signature):
    return f"{algorithm} apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


# The headers below copy each official SDK's format string; sources in README.md.
def node_header(k, d, s, sig):
    return f"HMAC-SHA256 apiKey={k}, date={d}, salt={s}, signature={sig}"


def python_header(k, d, s, sig):
    return f"HMAC-SHA256 ApiKey={k}, Date={d}, salt={s}, signature={sig}"


def go_header(k, d, s, sig):
    return f"HMAC-SHA256 apiKey={k}, date={d}, salt={s}, signature={sig}"


def kotlin_header(k, d, s, sig):
    return f"HMAC-SHA256 Apikey={k}, Date={d}, salt={s}, signature={sig}"


def php_header(k, d, s, sig):
    # The SDK returns "Authorization: HMAC-SHA256 ..."; the header value is what follows
    # "Authorization: ".
    return f"HMAC-SHA256 apiKey={k}, date={d}, salt={s}, signature={sig}"


def variant_header(k, d, s, sig):
    # Not an SDK: every tolerated variation at once (scheme case, field order and case,
    # spaces around `,` and `=`, +hhmm offset, uppercase hex, dashed UUID salt).
    return f"hmac-sha256 Signature={sig.upper()},SALT={s} ,  apikey = {k},DATE={d}"


# Signed by the crate itself (Credentials::authorization_at): the header must match byte for byte.
CRATE_CASES = [
    {
        "case": "sha256_basic",
        "description": "Our own header, HMAC-SHA256, ASCII secret; sub-millisecond digits are truncated.",
        "algorithm": "HMAC-SHA256",
        "secret": SECRET,
        "api_key": API_KEY,
        "now": "2019-07-01T09:41:48.123999+09:00",
        "salt": "jqsba2jxjnrjor",
        "instant_utc": "2019-07-01T00:41:48.123Z",
    },
    {
        "case": "md5_basic",
        "description": "Our own header signed with HMAC-MD5 (allowed by the documentation).",
        "algorithm": "HMAC-MD5",
        "secret": SECRET,
        "api_key": API_KEY,
        "now": "2024-02-29T23:59:59.999+00:00",
        "salt": "Xa3kP9qLm2ZtR7vB1cN8dF4gH6jK0sWy",
        "instant_utc": "2024-02-29T23:59:59.999Z",
    },
    {
        "case": "korean_secret",
        "description": "A UTF-8 secret (Korean and an emoji): the key is the secret's UTF-8 bytes.",
        "algorithm": "HMAC-SHA256",
        "secret": "솔라피-비밀키-🔑-시크릿",
        "api_key": API_KEY,
        "now": "2023-12-31T23:59:59.000+00:00",
        "salt": "0123456789ab",
        "instant_utc": "2023-12-31T23:59:59.000Z",
    },
    {
        "case": "long_salt",
        "description": "A salt of the maximum length, 64 characters, with punctuation.",
        "algorithm": "HMAC-SHA256",
        "secret": SECRET,
        "api_key": API_KEY,
        "now": "2020-01-01T00:00:00.000+00:00",
        "salt": "a-b_c.d~e!f@g#h$i%j^k&l*m(n)o+p[q]r{s}t|u:v;w<x>y?z/0123456789AB",
        "instant_utc": "2020-01-01T00:00:00.000Z",
    },
]

# Headers as the official SDKs format them: the crate must parse and verify them.
SDK_CASES = [
    {
        "case": "sdk_node",
        "description": "solapi-nodejs: date-fns formatISO(new Date()) = local time with offset, no fraction; 32-char [0-9a-zA-Z] salt.",
        "source": "solapi/solapi-nodejs src/lib/authenticator.ts @ 4e34e9e51965810ff540181e7c7813367dae121b",
        "format": node_header,
        "date": "2019-07-01T09:41:48+09:00",
        "salt": "Xa3kP9qLm2ZtR7vB1cN8dF4gH6jK0sWy",
        "instant_utc": "2019-07-01T00:41:48Z",
    },
    {
        "case": "sdk_python",
        "description": "solapi-python: datetime.now() with local offset, .isoformat() = microseconds and +09:00; uuid1().hex salt; ApiKey=/Date= field case.",
        "source": "solapi/solapi-python solapi/lib/authenticator.py @ a6226f9662b89f65907d3f58f0447643c1dad684",
        "format": python_header,
        "date": "2019-07-01T09:41:48.123456+09:00",
        "salt": "5d2b8c0e9b5a11e9a3f2acde48001122",
        "instant_utc": "2019-07-01T00:41:48.123456Z",
    },
    {
        "case": "sdk_go",
        "description": "solapi-go v2: time.Now().UTC().Format(time.RFC3339) = seconds and Z; 32-char [0-9a-zA-Z] salt.",
        "source": "solapi/solapi-go v2/internal/auth/auth.go @ 07d069a696096cd2064a334c8005409e4926fe36 (salt: v2/internal/auth/salt.go)",
        "format": go_header,
        "date": "2019-07-01T00:41:48Z",
        "salt": "q8Z1mV5xT3bN7cR2kL9pW4sD6fG0hJ1a",
        "instant_utc": "2019-07-01T00:41:48Z",
    },
    {
        "case": "sdk_kotlin",
        "description": "solapi-kotlin (same as solapi-java): ZonedDateTime.now(Asia/Seoul).toString() cut at '[' = nanoseconds and +09:00; UUID without dashes; Apikey=/Date= field case.",
        "source": "solapi/solapi-kotlin src/main/java/com/solapi/sdk/message/lib/Authenticator.kt @ c54c59b4f620de126e3744d356d1125e5972fbc4; solapi/solapi-java utilities/src/main/java/utilities/APIInit.java @ 2f782b13525bf0210437fc708f5262c5f9e1f2b0 (ApiKey=)",
        "format": kotlin_header,
        "date": "2019-07-01T09:41:48.123456789+09:00",
        "salt": "3f2b8c1de4a54f6b9c7d1e2f3a4b5c6d",
        "instant_utc": "2019-07-01T00:41:48.123456789Z",
    },
    {
        "case": "sdk_php",
        "description": "solapi-php: date('Y-m-d\\TH:i:s.Z\\Z') in Asia/Seoul = Seoul wall time, '.32400' (the offset in seconds) and a literal Z; uniqid() = 13 hex digits.",
        "source": "solapi/solapi-php src/Libraries/Authenticator.php @ 73eb2816e3b461bec620190220192bfd6df1457c",
        "format": php_header,
        "date": "2019-07-01T09:41:48.32400Z",
        "salt": "5d195a4c8e3f1",
        "instant_utc": "2019-07-01T00:41:48Z",
    },
    {
        "case": "variant_forms",
        "description": "Every tolerated variation at once: lowercase scheme, fields reordered and in other cases, spaces around ',' and '=', +hhmm offset with 4 fraction digits, uppercase hex, UUID salt with dashes.",
        "source": "none (parsing rules of docs/signing.md)",
        "format": variant_header,
        "date": "2019-07-01T09:41:48.1234+0900",
        "salt": "6f1a3c1e-5b7d-4c7e-9a1b-2c3d4e5f6a7b",
        "instant_utc": "2019-07-01T00:41:48.1234Z",
    },
]

# The documentation's sample header (seeds/001_*.txt). Its secret is unknown, so the
# signature is copied, not computed: parse-only.
SPEC_SAMPLE = {
    "case": "spec_sample",
    "description": "The sample header of the SOLAPI documentation; secret unknown, so only parsed.",
    "source": "/work/shared/seeds/001_79aa14d0cbf4fa11.txt line 439",
    "algorithm": "HMAC-SHA256",
    "api_key": API_KEY,
    "date": "2019-07-01T00:41:48Z",
    "salt": "jqsba2jxjnrjor",
    "signature": "1779eac71a24cbeeadfa7263cb84b7ea0af1714f5c0270aa30ffd34600e363b4",
    "instant_utc": "2019-07-01T00:41:48Z",
}


def write_case(case, input_data, date, salt, signature, header):
    folder = case
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    with open(os.path.join(folder, "input.json"), "w", encoding="utf-8") as f:
        json.dump(input_data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(folder, "expected.txt"), "w", encoding="utf-8") as f:
        f.write(f"date: {date}\n")
        f.write(f"message: {date + salt}\n")
        f.write(f"signature: {signature}\n")
        f.write(f"header: {header}\n")


def main():
    for c in CRATE_CASES:
        date = to_iso_string(c["now"])
        sig = sign(c["algorithm"], c["secret"], date + c["salt"])
        header = our_header(c["algorithm"], c["api_key"], date, c["salt"], sig)
        write_case(c["case"], dict(c, kind="crate", verify=True), date, c["salt"], sig, header)
    for c in SDK_CASES:
        sig = sign("HMAC-SHA256", SECRET, c["date"] + c["salt"])
        header = c["format"](API_KEY, c["date"], c["salt"], sig)
        data = {k: v for k, v in c.items() if k != "format"}
        data.update(kind="sdk", algorithm="HMAC-SHA256", secret=SECRET, api_key=API_KEY, verify=True)
        write_case(c["case"], data, c["date"], c["salt"], sig, header)
    s = SPEC_SAMPLE
    header = our_header(s["algorithm"], s["api_key"], s["date"], s["salt"], s["signature"])
    write_case(s["case"], dict(s, kind="parse_only", secret=None, verify=False), s["date"], s["salt"], s["signature"], header)


if __name__ == "__main__":
    main()
