"""Payment channels and their HMAC secrets: a JSON file, mode 0600, never logged.

{"channels": {"bank-sulutgo": "<secret>", ...}}. On a dev machine the file is generated on first
run into $VAR_DIR/tax/payment-channels.json with the default channels below, so the service and the
bank simulator share it without setup; in production Bapenda writes it (one secret per bank, agreed
out of band) and points $TAX_PAYMENT_CHANNELS_PATH at it.
"""

from __future__ import annotations

import json
import os
import pathlib
import secrets
import tempfile

from ..domain.payments import valid_channel_name

DEFAULT_CHANNELS = ("bank-sulutgo", "pos-indonesia")


class ChannelFileError(ValueError):
    pass


def _parse(text: str) -> dict[str, str]:
    data = json.loads(text)
    channels = data.get("channels") if isinstance(data, dict) else None
    if not isinstance(channels, dict) or not channels:
        raise ChannelFileError('the file needs {"channels": {"<id>": "<secret>"}}')
    for name, secret in channels.items():
        if not valid_channel_name(name):
            raise ChannelFileError(f"channel ids are lowercase letters, digits and hyphens: {name!r}")
        if not isinstance(secret, str) or len(secret) < 32:
            raise ChannelFileError(f"the secret of {name} must be a string of at least 32 characters")
    return dict(channels)


def load(path: pathlib.Path) -> dict[str, str]:
    try:
        return _parse(pathlib.Path(path).read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise ChannelFileError(f"cannot read payment channels from {path}: {error}") from None


def load_or_create(path: pathlib.Path) -> dict[str, str]:
    """The channels of `path`, writing fresh dev secrets first when the file does not exist."""
    path = pathlib.Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"channels": {name: secrets.token_hex(32) for name in DEFAULT_CHANNELS}}, indent=2)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".channels-")  # mkstemp: mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            try:
                os.link(temporary, path)  # atomic, and never replaces a file another process wrote first
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    return load(path)
