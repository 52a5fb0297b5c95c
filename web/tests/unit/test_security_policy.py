"""The Content-Security-Policy built from the settings: strict, with the stream's origin only when it differs."""

from __future__ import annotations

from gorontalo_web.security import CONTENT_SECURITY_POLICY, content_security_policy, origin_of


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


def test_same_origin_stream_keeps_the_base_policy():
    assert content_security_policy("", "http://127.0.0.1:8081") == CONTENT_SECURITY_POLICY
    assert content_security_policy("https://satu.example.id", "https://satu.example.id/") == CONTENT_SECURITY_POLICY


def test_a_stream_on_another_origin_is_the_one_origin_connect_src_adds():
    policy = directives(content_security_policy("http://127.0.0.1:8090/", "http://127.0.0.1:8081"))
    assert policy["connect-src"] == "'self' http://127.0.0.1:8090"
    # Nothing else is loosened.
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'" and policy["default-src"] == "'self'"
    assert "unsafe-inline" not in content_security_policy("http://127.0.0.1:8090", "http://127.0.0.1:8081")


def test_origin_drops_path_query_and_credentials():
    assert origin_of("https://user:pw@Streams.Example.id:8443/v1/x?y=1") == "https://streams.example.id:8443"
    assert origin_of("/v1/disaster/alerts/stream") == ""
    assert origin_of("javascript:alert(1)") == ""
    assert content_security_policy("javascript:alert(1)", "") == CONTENT_SECURITY_POLICY


def test_the_operators_tile_server_is_the_one_image_origin_added():
    policy = directives(
        content_security_policy("", "https://satu.example.id", "https://tiles.example.id/peta/{z}/{x}/{y}.png")
    )
    assert policy["img-src"] == "'self' data: https://tiles.example.id"
    assert "connect-src" not in policy and policy["script-src"] == "'self'"
    # Tiles on the app's own origin (behind the same nginx) need nothing added.
    assert content_security_policy("", "https://satu.example.id", "/tiles/{z}/{x}/{y}.png") == CONTENT_SECURITY_POLICY
