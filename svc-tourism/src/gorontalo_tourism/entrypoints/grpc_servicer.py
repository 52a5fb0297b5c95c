"""gRPC face of svc-tourism: translate messages, call use cases, nothing more."""

from __future__ import annotations

from google.api import httpbody_pb2

from gorontalo.tourism.v1 import tourism_pb2 as pb
from gorontalo.tourism.v1 import tourism_pb2_grpc
from servicekit import i18n, idempotency
from servicekit.auth import require_principal
from servicekit.peers import client_address

from ..adapters import calendar_ics, guide, jsonld, opendata
from ..adapters.tables import idempotency_records
from ..bootstrap import seed_path
from ..service_layer import businesses, calendar, destinations, exports, importing, photos, reviews
from .convert import (
    alert_message,
    business_message,
    contacts_from,
    destination_message,
    draft_from,
    event_message,
    review_message,
    texts,
)


def _body(content_type: str, data: bytes) -> httpbody_pb2.HttpBody:
    return httpbody_pb2.HttpBody(content_type=content_type, data=data)


class TourismServicer(tourism_pb2_grpc.TourismServiceServicer):
    def __init__(self, app):
        self.app = app

    def _once(self, context, operation: str, request, response_class, render):
        """`render(uow)` once per Idempotency-Key of the caller."""
        return idempotency.answer_once(
            self.app.uow(),
            idempotency_records,
            context,
            request,
            response_class,
            render,
            clock=self.app.clock,
            operation=f"tourism.{operation}",
        )

    # -- destinations ---------------------------------------------------------------------------------

    def ListDestinations(self, request, context):
        found, token = destinations.search_destinations(
            self.app.uow(),
            q=request.q,
            kind=request.kind,
            region=request.region,
            latitude=request.latitude,
            longitude=request.longitude,
            radius_km=request.radius_km,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListDestinationsResponse(destinations=[destination_message(d) for d in found], next_page_token=token)

    def GetDestination(self, request, context):
        return destination_message(destinations.get(self.app.uow(), request.id))

    def GetDestinationJsonLd(self, request, context):
        return _body(jsonld.MEDIA_TYPE, exports.destination_jsonld(self.app.uow(), self.app.links, request.id))

    def ListDestinationAlerts(self, request, context):
        place = destinations.get(self.app.uow(), request.id)
        found = self.app.alerts.covering(place.latitude, place.longitude)
        if found is None:
            return pb.ListDestinationAlertsResponse(alerts_unavailable=True)
        return pb.ListDestinationAlertsResponse(alerts=[alert_message(a) for a in found])

    def CreateDestination(self, request, context):
        return self._once(
            context,
            "CreateDestination",
            request,
            pb.Destination,
            lambda uow: destination_message(
                destinations.create(
                    uow,
                    self.app.clock,
                    require_principal(),
                    draft_from(request.destination),
                    not_a_duplicate=request.not_a_duplicate,
                    offices=self.app.offices,
                )
            ),
        )

    def UpdateDestination(self, request, context):
        updated = destinations.update(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            request.id,
            draft_from(request.destination),
            offices=self.app.offices,
        )
        return destination_message(updated)

    def MergeDestination(self, request, context):
        merged = destinations.merge(
            self.app.uow(), self.app.clock, require_principal(), request.id, request.into_id, offices=self.app.offices
        )
        return destination_message(merged)

    def ImportDestinations(self, request, context):
        created, updated = importing.import_destinations(
            self.app.uow(), self.app.clock, require_principal(), request.document.data, offices=self.app.offices
        )
        return pb.ImportDestinationsResponse(created=created, updated=updated)

    def ImportStartingSet(self, request, context):
        created, unchanged = importing.import_starting_set(
            self.app.uow(), self.app.clock, require_principal(), seed_path().read_bytes(), offices=self.app.offices
        )
        return pb.ImportStartingSetResponse(created=created, unchanged=unchanged)

    def UploadDestinationPhoto(self, request, context):
        return self._once(
            context,
            "UploadDestinationPhoto",
            request,
            pb.Photo,
            lambda uow: pb.Photo(
                **photos.upload(
                    uow,
                    self.app.clock,
                    require_principal(),
                    self.app.blobs,
                    request.destination_id,
                    request.file.data,
                    offices=self.app.offices,
                )
            ),
        )

    def GetPhoto(self, request, context):
        return _body(*photos.content(self.app.uow(), self.app.blobs, request.id))

    def ExportDestinationsGeoJson(self, request, context):
        data = exports.geojson(self.app.uow(), self.app.links, kind=request.kind, region=request.region)
        return _body(opendata.GEOJSON_MEDIA_TYPE, data)

    def ExportDestinationsCsv(self, request, context):
        data = exports.csv_document(self.app.uow(), self.app.links, kind=request.kind, region=request.region)
        return _body(opendata.CSV_MEDIA_TYPE, data)

    def GetGuidePdf(self, request, context):
        name, pdf = exports.guide_pdf(self.app.uow(), self.app.links, request.regency_code, request.lang)
        context.send_initial_metadata([("content-disposition", f'attachment; filename="{name}"')])
        return _body(guide.PDF_MEDIA_TYPE, pdf)

    def GetGuideJson(self, request, context):
        return _body(guide.JSON_MEDIA_TYPE, exports.guide_json(self.app.uow(), self.app.links, request.regency_code))

    # -- events calendar ------------------------------------------------------------------------------

    def ListEvents(self, request, context):
        found, token = calendar.list_events(
            self.app.uow(),
            self.app.clock,
            from_date=request.from_date,
            to_date=request.to_date,
            region=request.region,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListEventsResponse(events=[event_message(e) for e in found], next_page_token=token)

    def GetEvent(self, request, context):
        return event_message(calendar.get(self.app.uow(), request.id))

    def GetEventJsonLd(self, request, context):
        return _body(jsonld.MEDIA_TYPE, exports.event_jsonld(self.app.uow(), self.app.links, request.id))

    def ExportEventsIcs(self, request, context):
        data = exports.events_ics(
            self.app.uow(),
            self.app.clock,
            self.app.links,
            from_date=request.from_date,
            to_date=request.to_date,
            region=request.region,
            language=i18n.language_var.get(),
        )
        return _body(calendar_ics.MEDIA_TYPE, data)

    def CreateEvent(self, request, context):
        return self._once(
            context,
            "CreateEvent",
            request,
            pb.Event,
            lambda uow: event_message(
                calendar.create(
                    uow,
                    self.app.clock,
                    require_principal(),
                    name=texts(request.name),
                    description=texts(request.description),
                    start_date=request.start_date,
                    end_date=request.end_date,
                    destination_id=request.destination_id,
                    place_name=request.place_name,
                    region_code=request.region_code,
                    latitude=request.latitude,
                    longitude=request.longitude,
                    offices=self.app.offices,
                )
            ),
        )

    # -- businesses -----------------------------------------------------------------------------------

    def CreateBusiness(self, request, context):
        return self._once(
            context,
            "CreateBusiness",
            request,
            pb.Business,
            lambda uow: business_message(
                businesses.create(
                    uow,
                    self.app.clock,
                    require_principal(),
                    self.app.permits,
                    name=request.name,
                    kind=request.kind,
                    region_code=request.region_code,
                    latitude=request.latitude,
                    longitude=request.longitude,
                    description=texts(request.description),
                    contacts=contacts_from(request.contacts),
                    permit_number=request.permit_number,
                    address=request.address,
                )
            ),
        )

    def UpdateBusiness(self, request, context):
        updated = businesses.update(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            self.app.permits,
            request.id,
            offices=self.app.offices,
            name=request.name,
            kind=request.kind,
            region_code=request.region_code,
            latitude=request.latitude,
            longitude=request.longitude,
            description=texts(request.description),
            contacts=contacts_from(request.contacts),
            permit_number=request.permit_number,
            address=request.address,
        )
        return business_message(updated)

    def ListMyBusinesses(self, request, context):
        found, token = businesses.mine(
            self.app.uow(), require_principal(), page_size=request.page_size, page_token=request.page_token
        )
        return pb.ListBusinessesResponse(businesses=[business_message(b) for b in found], next_page_token=token)

    def ListBusinesses(self, request, context):
        found, token = businesses.search_businesses(
            self.app.uow(),
            q=request.q,
            kind=request.kind,
            region=request.region,
            licensed_only=request.licensed_only,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListBusinessesResponse(businesses=[business_message(b) for b in found], next_page_token=token)

    def GetBusiness(self, request, context):
        return business_message(businesses.get(self.app.uow(), request.id))

    def GetBusinessJsonLd(self, request, context):
        return _body(jsonld.MEDIA_TYPE, exports.business_jsonld(self.app.uow(), self.app.links, request.id))

    def ConfirmBusinessPermit(self, request, context):
        decided = businesses.confirm_permit(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            self.app.permits,
            request.id,
            confirm=request.confirm,
            offices=self.app.offices,
        )
        return business_message(decided)

    def ListPendingBusinesses(self, request, context):
        found, token = businesses.pending(
            self.app.uow(),
            require_principal(),
            offices=self.app.offices,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListBusinessesResponse(businesses=[business_message(b) for b in found], next_page_token=token)

    # -- reviews --------------------------------------------------------------------------------------

    def CreateReview(self, request, context):
        return self._once(
            context,
            "CreateReview",
            request,
            pb.Review,
            lambda uow: review_message(
                reviews.create(
                    uow,
                    self.app.clock,
                    require_principal(),
                    request.place_id,
                    rating=request.rating,
                    text=request.text,
                    display_name=request.display_name,
                    limits=self.app.review_limits,
                    client_address=client_address(context),
                )
            ),
        )

    def ListReviews(self, request, context):
        found, token = reviews.visible(
            self.app.uow(), request.place_id, page_size=request.page_size, page_token=request.page_token
        )
        return pb.ListReviewsResponse(reviews=[review_message(r) for r in found], next_page_token=token)

    def ReportReview(self, request, context):
        reported = reviews.report(
            self.app.uow(), self.app.clock, require_principal(), request.id, reason=request.reason
        )
        return review_message(reported)

    def ListReportedReviews(self, request, context):
        found, token = reviews.reported(
            self.app.uow(),
            require_principal(),
            offices=self.app.offices,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListReviewsResponse(reviews=[review_message(r) for r in found], next_page_token=token)

    def ModerateReview(self, request, context):
        decided = reviews.moderate(
            self.app.uow(), self.app.clock, require_principal(), request.id, request.decision, offices=self.app.offices
        )
        return review_message(decided)
