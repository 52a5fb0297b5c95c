"""gRPC of complaint photos: upload (to a complaint, or staged before filing) and read."""

from __future__ import annotations

from google.api import httpbody_pb2

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import current_principal, require_principal

from ..service_layer import photos
from .grpc_base import RpcBase
from .to_proto import photo_message


class PhotoRpcs(RpcBase):
    def _upload(self, request, context, operation: str):
        principal = require_principal()
        return self._once(
            context,
            operation,
            request,
            complaints_pb2.Photo,
            principal.subject,
            lambda uow: photo_message(
                photos.upload_photo(
                    uow,
                    self.app.clock,
                    self.app.photo_store,
                    self.app.staff,
                    principal,
                    tracking_code=request.tracking_code,
                    data=request.image.data,
                    content_type=request.image.content_type,
                )
            ),
        )

    def UploadPhoto(self, request, context):
        return self._upload(request, context, "complaints.UploadPhoto")

    def UploadPhotoForFiling(self, request, context):
        request.tracking_code = ""  # never bound by this route: always a staged upload
        return self._upload(request, context, "complaints.UploadPhotoForFiling")

    def GetPhoto(self, request, context):
        content_type, data = photos.get_photo(
            self.app.uow(),
            self.app.photo_store,
            self.app.staff,
            current_principal(),
            tracking_code=request.tracking_code,
            photo_id=request.photo_id,
            limiter=self.app.limiter,
            client_address=self._client_address(context),
        )
        return httpbody_pb2.HttpBody(content_type=content_type, data=data)
