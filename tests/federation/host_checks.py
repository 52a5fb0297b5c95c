"""Run inside a host (`python -m tests.federation.host_checks <check> ...`): calls across the LAN as a
process of that host would make them, each outcome printed as one JSON object.

    grpc <target> <cert-dir|plaintext> <region>   tax CreateFeeBill for `region`, presenting the
                                                  certificate in cert-dir (or none: plaintext), with
                                                  the officer's token in CHECK_BEARER_TOKEN passed on
                                                  as permits passes it on
    nats <url>                                    as the process whose TLS_*_FILE are set (a Kota
                                                  permits user): what the province's NATS refuses it
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import sys
import uuid

import grpc


def fee_bill(target: str, cert_dir: str, region: str) -> dict:
    from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
    from servicekit.clients import channel
    from servicekit.pki import TlsFiles
    from servicekit.tls import CertificateSource

    if cert_dir == "plaintext":
        connection = grpc.insecure_channel(target)
    else:
        connection = channel(target, "tax", source=CertificateSource(TlsFiles.in_dir(pathlib.Path(cert_dir))))
    request = tax_pb2.CreateFeeBillRequest(
        caller="permits",
        caller_reference=f"federation-check-{uuid.uuid4()}",
        region_code=region,
        description="Retribusi uji federasi",
        amount=10000,
    )
    try:
        metadata = [("authorization", f"Bearer {os.environ['CHECK_BEARER_TOKEN']}")]
        bill = tax_pb2_grpc.TaxServiceStub(connection).CreateFeeBill(request, timeout=10, metadata=metadata)
        return {"code": "OK", "region_code": bill.region_code}
    except grpc.RpcError as error:
        from servicekit.grpc_errors import error_reason

        return {"code": error.code().name, "reason": error_reason(error), "details": error.details() or ""}
    finally:
        connection.close()


async def nats_refusals(url: str) -> dict:
    """Publishing a tax event, deleting and purging the stream: each refused by the server (a permissions
    violation on the error callback, the request unanswered), the stream intact and readable after."""
    import nats

    from servicekit.nats_connection import NatsConnection

    errors: list[str] = []

    async def record(error):
        errors.append(str(error).lower())

    connection = await NatsConnection.for_service("permits", url).connect(
        allow_reconnect=False, connect_timeout=5, error_cb=record
    )
    outcome: dict = {}
    try:
        before = await connection.jetstream().stream_info("GORONTALO")
        outcome["stream_before"] = before.config.name
        await connection.publish("gorontalo.tax.payment.received", b"{}")
        await connection.flush(timeout=5)
        for verb in ("DELETE", "PURGE"):
            subject = f"$JS.API.STREAM.{verb}.GORONTALO"
            try:
                await connection.request(subject, b"", timeout=2)
                outcome[verb.lower()] = "answered"
            except nats.errors.TimeoutError:
                outcome[verb.lower()] = "unanswered"
        for _ in range(40):  # the server's -ERR lines arrive asynchronously
            if sum("permissions violation" in e for e in errors) >= 3:
                break
            await asyncio.sleep(0.05)
        after = await connection.jetstream().stream_info("GORONTALO")
        outcome["stream_after"] = after.config.name
        outcome["messages_before"], outcome["messages_after"] = before.state.messages, after.state.messages
    finally:
        outcome["errors"] = errors
        await connection.close()
    return outcome


def main(argv: list[str]) -> None:
    check, *args = argv
    if check == "grpc":
        print(json.dumps(fee_bill(*args)))
    elif check == "nats":
        print(json.dumps(asyncio.run(nats_refusals(*args))))
    else:
        raise SystemExit(f"unknown check {check!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
