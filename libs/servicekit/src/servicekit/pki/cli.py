"""gorontalo-pki: the provincial service CA and the short-lived certificates of every service.

The CA directory (ca.pem, ca-key.pem) is held by Diskominfo's PKI officers, offline in production;
in development it is VAR_DIR/pki/ca, created on first run. Each service certificate names one
identity, spiffe://gorontaloprov.go.id/agency/<kode>/<service>.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from . import authority
from .identity import InvalidIdentity, PeerIdentity


def _init(args) -> int:
    created = authority.init_ca(args.dir)
    print(f"created {authority.CA_NAME} in {args.dir} (valid until {created.certificate.not_valid_after_utc:%Y-%m-%d})")
    print(f"keep {args.dir}/{authority.CA_KEY} offline, readable by the PKI officers only")
    return 0


def _issue(args) -> int:
    identity = PeerIdentity.of(args.service, args.agency)
    certificate = authority.issue(authority.load_ca(args.ca), identity, args.out, hosts=args.host, hours=args.hours)
    print(
        f"issued {identity.uri} to {args.out} (serial {certificate.serial_number:x}, until {certificate.not_valid_after_utc:%Y-%m-%d %H:%M}Z)"
    )
    return 0


def _renew(args) -> int:
    renewed = authority.renew(authority.load_ca(args.ca), args.out, within=dt.timedelta(hours=args.within))
    issued = authority.read_issued(args.out)
    if renewed is None:
        print(f"{issued.identity.uri} in {args.out} is valid until {issued.not_after:%Y-%m-%d %H:%M}Z: not renewed")
    else:
        print(
            f"renewed {issued.identity.uri} in {args.out} (serial {issued.serial:x}, until {issued.not_after:%Y-%m-%d %H:%M}Z)"
        )
    return 0


def _show(args) -> int:
    issued = authority.read_issued(args.dir)
    print(f"identity:  {issued.identity.uri}")
    print(f"agency:    {issued.identity.agency}")
    print(f"service:   {issued.identity.service}")
    print(f"dns:       {', '.join(issued.dns_names)}")
    if issued.ip_addresses:
        print(f"ip:        {', '.join(issued.ip_addresses)}")
    print(f"serial:    {issued.serial:x}")
    print(f"not after: {issued.not_after:%Y-%m-%d %H:%M:%S}Z")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="gorontalo-pki", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = top.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init", help="create the provincial CA (ECDSA P-256, 5 years; key file mode 0600)")
    init.add_argument("--dir", required=True, help="the CA directory, kept offline by Diskominfo's PKI officers")
    init.set_defaults(run=_init)

    issue = commands.add_parser("issue", help="issue a short-lived service certificate")
    issue.add_argument("--ca", required=True, help="the CA directory")
    issue.add_argument("--service", required=True, help="service name, e.g. permits")
    issue.add_argument("--agency", default="75", help="Kemendagri code without dots: 75 province, 7571 Kota Gorontalo")
    issue.add_argument(
        "--host", action="append", default=[], help="DNS name or IP the service is reached at (repeatable)"
    )
    issue.add_argument("--hours", type=float, default=authority.DEFAULT_HOURS, help="validity (default %(default)s)")
    issue.add_argument("--out", required=True, help="directory for cert.pem, key.pem, ca.pem")
    issue.set_defaults(run=_issue)

    renew = commands.add_parser("renew", help="re-issue a certificate that expires soon (same identity and hosts)")
    renew.add_argument("--ca", required=True, help="the CA directory")
    renew.add_argument("--out", required=True, help="directory holding the certificate to renew")
    renew.add_argument(
        "--within",
        type=float,
        default=authority.DEFAULT_RENEW_WITHIN_HOURS,
        help="renew when it expires within these hours",
    )
    renew.set_defaults(run=_renew)

    show = commands.add_parser("show", help="identity, SANs and expiry of a certificate directory")
    show.add_argument("dir")
    show.set_defaults(run=_show)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (authority.CaError, InvalidIdentity, FileNotFoundError) as error:
        print(f"gorontalo-pki: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
