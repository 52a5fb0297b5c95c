"""Reviews (signed-in, one per person per place, rate-limited, hidden when reported until moderated,
display name only) and destination photos (checked and stripped as complaints' photos are)."""

import io

import grpc
from PIL import Image
from prometheus_client import REGISTRY

from gorontalo.tourism.v1 import tourism_pb2 as pb
from servicekit.ratelimit import RateLimits
from servicekit.testing import error_reason

from .test_destinations_grpc import failure, field_reasons


def place(stub, word="Otanaha"):
    [found] = stub.ListDestinations(pb.ListDestinationsRequest(q=word)).destinations
    return found


def review(place_id, rating=5, text="Pemandangan kota dari atas bukit.", name="Ayu dari Bandung"):
    return pb.CreateReviewRequest(place_id=place_id, rating=rating, text=text, display_name=name)


def test_a_visitor_reviews_once_and_is_shown_by_display_name_only(seeded, stub, as_):
    otanaha = place(stub)
    visitor = as_("visitor", "visitor-7f3a", acr=0)
    metric = ("gorontalo_tourism_reviews_total", {"action": "written"})
    before = REGISTRY.get_sample_value(*metric) or 0
    written = stub.CreateReview(review(otanaha.id), metadata=visitor)
    assert (written.display_name, written.status, written.rating) == ("Ayu dari Bandung", "visible", 5)
    assert "visitor-7f3a" not in str(written)
    again = failure(stub.CreateReview, review(otanaha.id, rating=1), metadata=visitor)
    assert again.code() == grpc.StatusCode.ALREADY_EXISTS and error_reason(again) == "REVIEW_EXISTS"
    assert REGISTRY.get_sample_value(*metric) == before + 1  # the refused second one is not counted
    stub.CreateReview(review(otanaha.id, rating=3, name="Budi"), metadata=as_("citizen", "citizen-budi"))
    listed = stub.ListReviews(pb.ListReviewsRequest(place_id=otanaha.id)).reviews
    assert sorted(r.display_name for r in listed) == ["Ayu dari Bandung", "Budi"]
    figures = stub.GetDestination(pb.GetDestinationRequest(id=otanaha.id))
    assert (figures.rating_average, figures.review_count) == (4.0, 2)


def test_only_signed_in_visitors_and_residents_review_and_input_is_checked(seeded, stub, as_):
    otanaha = place(stub)
    assert failure(stub.CreateReview, review(otanaha.id)).code() == grpc.StatusCode.UNAUTHENTICATED
    officer = as_("officer", "o", ["75"])
    assert failure(stub.CreateReview, review(otanaha.id), metadata=officer).code() == grpc.StatusCode.PERMISSION_DENIED
    bad = review(otanaha.id, rating=9, name=" ", text="x" * 2001)
    assert field_reasons(failure(stub.CreateReview, bad, metadata=as_("visitor", "v-1", acr=0))) == {
        "rating": "out_of_range",
        "text": "too_long",
        "display_name": "required",
    }
    missing = failure(stub.CreateReview, review("no-such-place"), metadata=as_("visitor", "v-1", acr=0))
    assert missing.code() == grpc.StatusCode.NOT_FOUND


def test_reviews_are_rate_limited_per_account(seeded, stub, as_):
    seeded.review_limits = type(seeded.review_limits)(
        limits=RateLimits(seeded.review_limits.limits.store, seeded.settings.rate_limit_namespace),
        per_account="2/hour",
        per_address="100/hour",
    )
    visitor = as_("visitor", "v-busy", acr=0)
    for word in ("Otanaha", "Limboto"):
        stub.CreateReview(review(place(stub, word).id), metadata=visitor)
    error = failure(stub.CreateReview, review(place(stub, "Saronde").id), metadata=visitor)
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and error_reason(error) == "RATE_LIMITED"
    stub.CreateReview(review(place(stub, "Saronde").id), metadata=as_("visitor", "v-other", acr=0))


def test_a_reported_review_is_hidden_until_the_office_moderates_it(seeded, stub, as_):
    otanaha = place(stub)
    written = stub.CreateReview(review(otanaha.id, text="Kasar"), metadata=as_("visitor", "v-1", acr=0))
    reported = stub.ReportReview(
        pb.ReportReviewRequest(id=written.id, reason="menghina"), metadata=as_("citizen", "c-9")
    )
    assert (reported.status, reported.report_count) == ("hidden", 1)
    assert stub.ListReviews(pb.ListReviewsRequest(place_id=otanaha.id)).reviews == []
    bone_bolango, kota = as_("officer", "o-bb", ["75.03"]), as_("officer", "o-kota", ["75.71"])
    assert stub.ListReportedReviews(pb.ListReportedReviewsRequest(), metadata=bone_bolango).reviews == []
    [waiting] = stub.ListReportedReviews(pb.ListReportedReviewsRequest(), metadata=kota).reviews
    assert waiting.id == written.id
    restore = pb.ModerateReviewRequest(id=written.id, decision="restore")
    assert failure(stub.ModerateReview, restore, metadata=bone_bolango).code() == grpc.StatusCode.PERMISSION_DENIED
    assert stub.ModerateReview(restore, metadata=kota).status == "visible"
    assert [r.id for r in stub.ListReviews(pb.ListReviewsRequest(place_id=otanaha.id)).reviews] == [written.id]
    stub.ReportReview(pb.ReportReviewRequest(id=written.id), metadata=as_("citizen", "c-10"))
    removed = stub.ModerateReview(pb.ModerateReviewRequest(id=written.id, decision="remove"), metadata=kota)
    assert removed.status == "removed"
    assert stub.ListReviews(pb.ListReviewsRequest(place_id=otanaha.id)).reviews == []


def _jpeg_with_gps(size=(1200, 800)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {2: (0.0, 32.0, 36.6), 4: (123.0, 3.0, 24.5)}  # GPSInfo: where the camera was
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_photos_are_checked_stripped_and_served(seeded, stub, as_):
    otanaha = place(stub)
    kota = as_("officer", "o-kota", ["75.71"])
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    photo = stub.UploadDestinationPhoto(
        pb.UploadDestinationPhotoRequest(
            destination_id=otanaha.id, file={"content_type": "image/jpeg", "data": original}
        ),
        metadata=kota,
    )
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 1200, 800)
    served = stub.GetPhoto(pb.GetPhotoRequest(id=photo.id))
    assert served.content_type == "image/jpeg" and not Image.open(io.BytesIO(served.data)).getexif()
    assert list(stub.GetDestination(pb.GetDestinationRequest(id=otanaha.id)).photo_ids) == [photo.id]
    oversize = b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1)
    error = failure(
        stub.UploadDestinationPhoto,
        pb.UploadDestinationPhotoRequest(destination_id=otanaha.id, file={"data": oversize}),
        metadata=kota,
    )
    assert field_reasons(error) == {"file": "image_too_large"}
    error = failure(
        stub.UploadDestinationPhoto,
        pb.UploadDestinationPhotoRequest(destination_id=otanaha.id, file={"data": b"<svg onload=alert(1)>"}),
        metadata=kota,
    )
    assert field_reasons(error) == {"file": "image_unreadable"}
    elsewhere = as_("officer", "o-bb", ["75.03"])
    error = failure(
        stub.UploadDestinationPhoto,
        pb.UploadDestinationPhotoRequest(destination_id=otanaha.id, file={"data": original}),
        metadata=elsewhere,
    )
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
