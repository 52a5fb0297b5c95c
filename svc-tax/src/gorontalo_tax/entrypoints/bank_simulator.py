"""A bank's side of payment notifications, for demos and tests: signs exactly as a real channel must.

    gorontalo-tax bank-simulator pay --billing-code CODE --amount N --gateway http://127.0.0.1:8080

POST {gateway}/v1/tax/payment-notifications with the JSON body {"transaction_id", "billing_code",
"amount", "paid_at"} and the headers X-Gorontalo-Channel, X-Gorontalo-Timestamp (Unix seconds) and
X-Gorontalo-Signature = hex HMAC-SHA256(secret, "<timestamp>.<raw body>"). The secret comes from
$TAX_CHANNEL_SECRET, --secret-file, or the service's channel file (generated on first run in VAR_DIR).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import secrets
import time
import urllib.error
import urllib.request

from ..adapters import channels as payment_channels
from ..domain.payments import sign

PATH = "/v1/tax/payment-notifications"
SECRET_VARIABLE = "TAX_CHANNEL_SECRET"


def find_secret(channel: str, secret_file: str | None, channels_file: pathlib.Path) -> str:
    if os.environ.get(SECRET_VARIABLE):
        return os.environ[SECRET_VARIABLE].strip()
    if secret_file:
        text = pathlib.Path(secret_file).read_text(encoding="utf-8").strip()
        if text.startswith("{"):  # a channels file: pick this channel's secret
            return payment_channels.load(pathlib.Path(secret_file))[channel]
        return text
    known = payment_channels.load_or_create(channels_file)
    if channel not in known:
        raise KeyError(f"channel {channel} is not in {channels_file}")
    return known[channel]


def notification(
    billing_code: str, amount: int, transaction_id: str | None = None, paid_at: str | None = None
) -> bytes:
    return json.dumps(
        {
            "transaction_id": transaction_id or "SIM-" + secrets.token_hex(8),
            "billing_code": billing_code,
            "amount": amount,
            "paid_at": paid_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        separators=(",", ":"),
    ).encode()


def post(
    gateway: str,
    channel: str,
    secret: str,
    body: bytes,
    *,
    timestamp: int | None = None,
    signature: str | None = None,
    timeout: float = 30,
) -> tuple[int, dict | str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": "application/json",
        "X-Gorontalo-Channel": channel,
        "X-Gorontalo-Timestamp": stamp,
        "X-Gorontalo-Signature": signature if signature is not None else sign(secret, stamp, body),
    }
    request = urllib.request.Request(gateway.rstrip("/") + PATH, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def pay(args, channels_file: pathlib.Path) -> int:
    """Sign and send one notification (--replay: the identical request twice); print each answer."""
    secret = find_secret(args.channel, args.secret_file, channels_file)
    if args.forge:
        secret = secrets.token_hex(32)  # signed, but not with the channel's secret
    body = notification(args.billing_code, args.amount, args.transaction_id, args.paid_at)
    stamp = int(time.time()) + args.timestamp_offset
    answers = []
    for _ in range(2 if args.replay else 1):
        status, answer = post(args.gateway, args.channel, secret, body, timestamp=stamp)
        answers.append({"http_status": status, "response": answer})
        print(json.dumps(answers[-1], ensure_ascii=False))
    return 0 if all(200 <= a["http_status"] < 300 for a in answers) else 2
