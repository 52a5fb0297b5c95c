"""Where a service's keys come from: one directory per service, shared by all its replicas (issue 18).

`<SERVICE>_KEYS_DIR` set (production: a Kubernetes Secret mounted read-only; tests: one directory
several replicas read): the service reads its keys there and never makes one. Missing keys stop the
start with a message naming the command that makes them once, `gorontalo-<service> keys init --dir DIR`.
Unset (development, `make run`): `$VAR_DIR/<service>`, generated on first run as before; keys that an
older development install kept elsewhere under VAR_DIR are read where they are.

The directory is flat, so `kubectl create secret generic <service>-keys --from-file=DIR` carries it:
  pii-keys.json                      personal data at rest (servicekit.pii; tax: owner-nik-keys.json)
  signing-<UTC time>-<kid>.pem       token or document signing keys (servicekit.signing), one per key;
                                     the time is when it starts signing
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
import time
from dataclasses import dataclass

from . import pii, signing
from .config import env

SIGNING_PREFIX = "signing-"
# A rotated key is published at once and used only after this long: the rollout that gives it to
# every replica and the verifiers' JWKS caches (servicekit.auth: 5 minutes) fit well within an hour.
DEFAULT_ROTATION_DELAY_SECONDS = 3600


class KeysMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class KeyLayout:
    """Which keys one service has, and where development installs kept them before (under VAR_DIR)."""

    service: str
    pii_file: str | None = None
    signing: bool = False
    legacy_pii: str | None = None
    legacy_signing: str | None = None

    @property
    def variable(self) -> str:
        return f"{self.service.upper()}_KEYS_DIR"

    @property
    def init_command(self) -> str:
        return f"gorontalo-{self.service} keys init --dir DIR"


@dataclass(frozen=True)
class ServiceKeys:
    layout: KeyLayout
    directory: pathlib.Path
    managed: bool  # from <SERVICE>_KEYS_DIR: read only, never generated
    var_dir: pathlib.Path | None = None  # development: where legacy locations are looked for

    @classmethod
    def from_env(cls, layout: KeyLayout, var_dir: pathlib.Path) -> ServiceKeys:
        configured = env(f"{layout.service.upper()}_KEYS_DIR")  # written out: the settings tests read it here
        if configured:
            return cls(layout, pathlib.Path(configured), managed=True)
        return cls(layout, pathlib.Path(var_dir) / layout.service, managed=False, var_dir=pathlib.Path(var_dir))

    # -- reading -------------------------------------------------------------------------------
    def pii_path(self) -> pathlib.Path:
        path = self.directory / self.layout.pii_file
        if not self.managed and self.layout.legacy_pii and not path.exists():
            legacy = self.var_dir / self.layout.legacy_pii
            if legacy.exists():
                return legacy
        return path

    def signing_location(self) -> tuple[pathlib.Path, str]:
        """(directory, file name prefix) of the signing keys."""
        if not self.managed and self.layout.legacy_signing and not self._signing_files():
            legacy = self.var_dir / self.layout.legacy_signing
            if any(legacy.glob("*.pem")):
                return legacy, ""
        return self.directory, SIGNING_PREFIX

    def _signing_files(self) -> list[pathlib.Path]:
        return sorted(self.directory.glob(f"{SIGNING_PREFIX}*.pem")) if self.directory.is_dir() else []

    def missing(self) -> list[str]:
        gaps = []
        if self.layout.pii_file and not (self.directory / self.layout.pii_file).is_file():
            gaps.append(self.layout.pii_file)
        if self.layout.signing and not self._signing_files():
            gaps.append(f"{SIGNING_PREFIX}*.pem")
        return gaps

    def require(self) -> None:
        """Managed keys must all be there; a replica never makes its own."""
        if not self.managed:
            return
        gaps = self.missing()
        if gaps:
            raise KeysMissing(
                f"{self.layout.variable}={self.directory} lacks {', '.join(gaps)}: generate the keys once with "
                f"`{self.layout.init_command}` and give every replica that directory "
                "(deploy/README.md, Keys); replicas never generate keys of their own"
            )

    def pii_cipher(self, cipher_class=pii.PiiCipher):
        self.require()
        if self.managed:
            return cipher_class.load(self.pii_path())
        return cipher_class.from_file(self.pii_path())

    def signing_ring(self, ring_class, **options):
        """ring_class(directory, prefix=, generate=, **options): identity's KeyRing, a DocumentKeyRing."""
        self.require()
        directory, prefix = self.signing_location()
        return ring_class(directory, prefix=prefix, generate=not self.managed, **options)

    # -- the keys command ---------------------------------------------------------------------
    def init(self) -> list[str]:
        """Generate the keys of the layout the directory lacks; never replaces one. Run again after a
        release that adds a kind of key (permits' pii-keys.json came with the pre-check): it writes
        only that one. Refuses when every key is there already."""
        pii_missing = bool(self.layout.pii_file) and not (self.directory / self.layout.pii_file).exists()
        signing_missing = self.layout.signing and not self._signing_files()
        if not (pii_missing or signing_missing):
            present = self._layout_files() + [path.name for path in self._signing_files()]
            raise FileExistsError(
                f"{self.directory} holds every key already ({', '.join(present)}); nothing was written"
            )
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        written = []
        if pii_missing:
            pii.write_new(self.directory / self.layout.pii_file)
            written.append(self.layout.pii_file)
        if signing_missing:
            signing.write_private_key(self.directory, SIGNING_PREFIX)
            written += [path.name for path in self._signing_files()]
        return written

    def _layout_files(self) -> list[str]:
        return [self.layout.pii_file] if self.layout.pii_file else []

    def rotate(self, delay_seconds: float) -> dict:
        """Stage a new key of each kind, used from now + delay_seconds; every key stays to read/verify."""
        gaps = self.missing()
        if gaps:
            raise KeysMissing(f"{self.directory} lacks {', '.join(gaps)}: run `{self.layout.init_command}` first")
        starts = time.time() + delay_seconds
        report: dict = {"starts_at": dt.datetime.fromtimestamp(starts, dt.UTC).isoformat(timespec="seconds")}
        if self.layout.pii_file:
            report["pii_kid"] = pii.rotate(self.directory / self.layout.pii_file, starts)
        if self.layout.signing:
            moment = dt.datetime.fromtimestamp(starts, dt.UTC)
            report["signing_kid"] = signing.write_private_key(self.directory, SIGNING_PREFIX, moment)
        return report


def add_commands(commands: argparse._SubParsersAction, layout: KeyLayout) -> None:
    """`keys init --dir DIR` and `keys rotate --dir DIR [--after SECONDS]` on a service's command line."""
    keys = commands.add_parser("keys", help="generate or rotate this service's keys (a directory every replica reads)")
    actions = keys.add_subparsers(dest="keys_command", required=True)
    init = actions.add_parser("init", help="generate the keys DIR lacks (never replaces one)")
    init.add_argument("--dir", required=True, type=pathlib.Path)
    init.set_defaults(func=lambda args: _init(layout, args))
    rotate = actions.add_parser("rotate", help="stage new keys in DIR, used after --after seconds")
    rotate.add_argument("--dir", required=True, type=pathlib.Path)
    rotate.add_argument(
        "--after",
        type=float,
        default=DEFAULT_ROTATION_DELAY_SECONDS,
        help=f"seconds until the new keys are used (default {DEFAULT_ROTATION_DELAY_SECONDS}): roll them out first",
    )
    rotate.set_defaults(func=lambda args: _rotate(layout, args))


def _init(layout: KeyLayout, args) -> int:
    try:
        written = ServiceKeys(layout, args.dir, managed=False).init()
    except FileExistsError as error:
        print(f"keys init: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"dir": str(args.dir), "written": written}))
    return 0


def _rotate(layout: KeyLayout, args) -> int:
    try:
        report = ServiceKeys(layout, args.dir, managed=False).rotate(args.after)
    except (KeysMissing, ValueError) as error:
        print(f"keys rotate: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"dir": str(args.dir), **report}))
    return 0
