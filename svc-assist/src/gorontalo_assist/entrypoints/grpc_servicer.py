"""gRPC face of svc-assist: translation only (the question is passed on, never logged)."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from gorontalo.assist.v1 import assist_pb2, assist_pb2_grpc
from servicekit import i18n
from servicekit.auth import current_principal
from servicekit.peers import client_address

from ..domain import answers


def _timestamp(moment) -> timestamp_pb2.Timestamp | None:
    if moment is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def answer_message(answer: answers.Answer) -> assist_pb2.Answer:
    return assist_pb2.Answer(
        kind=answer.kind,
        text=answer.text,
        language=answer.language,
        citations=[
            assist_pb2.Citation(
                id=c.hit.passage.id,
                source=c.hit.passage.source,
                title=c.hit.passage.title,
                quote=c.hit.passage.text,
                link=c.link,
                score=round(c.hit.score, 3),
                stale=c.stale,
                source_read_at=_timestamp(c.read_at),
            )
            for c in answer.citations
        ],
        next_steps=[assist_pb2.NextStep(label=s.label, link=s.link) for s in answer.next_steps],
        stale_sources=answer.stale_sources,
    )


class AssistServicer(assist_pb2_grpc.AssistServiceServicer):
    def __init__(self, app):
        self.app = app

    def AskQuestion(self, request, context):
        principal = current_principal()
        answer = self.app.assistant.ask(
            request.question,
            i18n.language_var.get(),
            account=principal.subject if principal else "",
            client_address=client_address(context),
        )
        return answer_message(answer)

    def ListSources(self, request, context):
        return assist_pb2.ListSourcesResponse(
            sources=[
                assist_pb2.SourceState(
                    name=s.name,
                    passages=len(s.passages),
                    read_at=_timestamp(s.read_at),
                    stale=s.stale,
                    problem=s.problem,
                )
                for s in self.app.library.states()
            ]
        )
