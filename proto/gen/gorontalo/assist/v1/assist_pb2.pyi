import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AskQuestionRequest(_message.Message):
    __slots__ = ("question",)
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    question: str
    def __init__(self, question: _Optional[str] = ...) -> None: ...

class Citation(_message.Message):
    __slots__ = ("id", "source", "title", "quote", "link", "score", "stale", "source_read_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    QUOTE_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    STALE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_READ_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    source: str
    title: str
    quote: str
    link: str
    score: float
    stale: bool
    source_read_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., source: _Optional[str] = ..., title: _Optional[str] = ..., quote: _Optional[str] = ..., link: _Optional[str] = ..., score: _Optional[float] = ..., stale: _Optional[bool] = ..., source_read_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Answer(_message.Message):
    __slots__ = ("kind", "text", "citations", "next_steps", "stale_sources", "language")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CITATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_STEPS_FIELD_NUMBER: _ClassVar[int]
    STALE_SOURCES_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    kind: str
    text: str
    citations: _containers.RepeatedCompositeFieldContainer[Citation]
    next_steps: _containers.RepeatedCompositeFieldContainer[NextStep]
    stale_sources: _containers.RepeatedScalarFieldContainer[str]
    language: str
    def __init__(self, kind: _Optional[str] = ..., text: _Optional[str] = ..., citations: _Optional[_Iterable[_Union[Citation, _Mapping]]] = ..., next_steps: _Optional[_Iterable[_Union[NextStep, _Mapping]]] = ..., stale_sources: _Optional[_Iterable[str]] = ..., language: _Optional[str] = ...) -> None: ...

class NextStep(_message.Message):
    __slots__ = ("label", "link")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    label: str
    link: str
    def __init__(self, label: _Optional[str] = ..., link: _Optional[str] = ...) -> None: ...

class ListSourcesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SourceState(_message.Message):
    __slots__ = ("name", "passages", "read_at", "stale", "problem")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSAGES_FIELD_NUMBER: _ClassVar[int]
    READ_AT_FIELD_NUMBER: _ClassVar[int]
    STALE_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    name: str
    passages: int
    read_at: _timestamp_pb2.Timestamp
    stale: bool
    problem: str
    def __init__(self, name: _Optional[str] = ..., passages: _Optional[int] = ..., read_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stale: _Optional[bool] = ..., problem: _Optional[str] = ...) -> None: ...

class ListSourcesResponse(_message.Message):
    __slots__ = ("sources",)
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    sources: _containers.RepeatedCompositeFieldContainer[SourceState]
    def __init__(self, sources: _Optional[_Iterable[_Union[SourceState, _Mapping]]] = ...) -> None: ...
