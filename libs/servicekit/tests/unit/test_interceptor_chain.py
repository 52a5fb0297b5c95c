"""servicekit.interceptors.InterceptorChain: each interceptor builds a method's handler once; what it does
per call still runs on every call, outermost first; unknown methods are not kept."""

from __future__ import annotations

import grpc

from servicekit.interceptors import InterceptorChain, _wrap


class Details:
    def __init__(self, method: str):
        self.method = method
        self.invocation_metadata = ()


class Recording(grpc.ServerInterceptor):
    def __init__(self, name: str, seen: list):
        self.name, self.seen, self.built = name, seen, 0

    def intercept_service(self, continuation, handler_call_details):
        self.built += 1

        def around(inner, request, context):
            self.seen.append((self.name, handler_call_details.method, request))
            return inner(request, context)

        return _wrap(continuation(handler_call_details), around)


def test_a_methods_handler_is_built_once_and_every_call_runs_the_whole_chain_in_order():
    seen: list = []
    outer, inner = Recording("outer", seen), Recording("inner", seen)
    chain = InterceptorChain([outer, inner])
    servicer = grpc.unary_unary_rpc_method_handler(lambda request, context: f"answer to {request}")
    lookups = []

    def continuation(details):
        lookups.append(details.method)
        return servicer

    answers = [chain.intercept_service(continuation, Details("/a.v1.S/M")).unary_unary(n, None) for n in range(3)]

    assert answers == ["answer to 0", "answer to 1", "answer to 2"]
    assert (outer.built, inner.built, lookups) == (1, 1, ["/a.v1.S/M"])
    assert seen == [(name, "/a.v1.S/M", n) for n in range(3) for name in ("outer", "inner")]


def test_each_method_has_its_own_handler_and_unknown_methods_are_not_kept():
    seen: list = []
    chain = InterceptorChain([Recording("only", seen)])
    handlers = {
        "/a.v1.S/One": grpc.unary_unary_rpc_method_handler(lambda request, context: "one"),
        "/a.v1.S/Two": grpc.unary_unary_rpc_method_handler(lambda request, context: "two"),
    }

    def continuation(details):
        return handlers.get(details.method)

    one = chain.intercept_service(continuation, Details("/a.v1.S/One"))
    two = chain.intercept_service(continuation, Details("/a.v1.S/Two"))
    assert (one.unary_unary(None, None), two.unary_unary(None, None)) == ("one", "two")
    for _ in range(3):
        assert chain.intercept_service(continuation, Details("/a.v1.S/Nope")) is None
    assert sorted(chain._handlers) == ["/a.v1.S/One", "/a.v1.S/Two"]


def test_a_calls_peer_certificate_is_read_once_per_call_and_not_shared_between_calls():
    from servicekit import testing_pki
    from servicekit.peers import GATEWAY, peer_identity

    pem = testing_pki.test_pki().files("gateway").cert.read_bytes()

    class Call:
        asked = 0

        def auth_context(self):
            Call.asked += 1
            return {"x509_pem_cert": [pem]}

    first, second = Call(), Call()
    assert peer_identity(first) == GATEWAY and peer_identity(first) == GATEWAY
    assert Call.asked == 1
    assert peer_identity(second) == GATEWAY and Call.asked == 2
