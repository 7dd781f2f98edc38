"""destinations/<slug>/reviews/ (read, write or delete one's review) and
reviews/<uuid>/flag/ (report an abusive one)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.api.operations import OperationsApi, api_validation_error
from kota.modules.plesiran.api.pagination import PlesiranPagination, paginated_response
from kota.modules.plesiran.api.throttling import PersonWriteThrottle
from kota.modules.plesiran.reviews import reviewer_name


def _destination(request: Request, slug: str):
    destination = selectors.destination_get_published(city=request.city, slug=slug)
    if destination is None:
        raise Http404
    return destination


class ReviewOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    rating = serializers.IntegerField(help_text="1 to 5.")
    body = serializers.CharField()
    author_name = serializers.SerializerMethodField(
        help_text="The author's name, or “Visitor” when they gave none or left."
    )
    is_mine = serializers.SerializerMethodField(help_text="Written by the signed-in person.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_author_name(self, review) -> str:
        author = review.author
        if author is None or author.erased_at is not None or not author.full_name:
            return _("Visitor")
        # As the pages show it ("Budi S."): never a citizen's full name or email.
        return reviewer_name(author)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_mine(self, review) -> bool:
        user = self.context["request"].user
        return user.is_authenticated and review.author_id == user.pk


class ReviewListApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PlesiranPagination

    @extend_schema(
        operation_id="plesiran_reviews",
        summary="Reviews of a place",
        description="The destination's visible reviews, newest first.",
        responses={
            200: ReviewOutputSerializer(many=True),
            404: OpenApiResponse(description="No published destination has this slug."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request, slug: str) -> Response:
        destination = _destination(request, slug)
        return paginated_response(
            self, selectors.reviews_visible(destination), ReviewOutputSerializer
        )


class ReviewSubmitInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    body = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class MyReviewOutputSerializer(ReviewOutputSerializer):
    is_hidden = serializers.SerializerMethodField(
        help_text="Hidden from visitors by the city's officers (editing keeps it hidden)."
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_hidden(self, review) -> bool:
        return review.hidden_at is not None


class ReviewSubmitApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [PersonWriteThrottle]

    @extend_schema(
        operation_id="plesiran_review_submit",
        summary="Write or edit my review",
        description="One review per person per place: the first submission creates it "
        "(201), later ones rewrite it (200).",
        request=ReviewSubmitInputSerializer,
        responses={
            200: MyReviewOutputSerializer,
            201: MyReviewOutputSerializer,
            400: OpenApiResponse(description="A bad rating or text, keyed by field."),
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No published destination has this slug."),
            429: OpenApiResponse(description="Too many writes; see Retry-After."),
        },
        tags=["plesiran"],
    )
    def post(self, request: Request, slug: str) -> Response:
        destination = _destination(request, slug)
        data = ReviewSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = selectors.review_of(destination=destination, author=request.user) is not None
        try:
            review = services.review_submit(
                destination=destination, author=request.user, **data.validated_data
            )
        except DjangoValidationError as error:
            raise api_validation_error(error) from None
        return Response(
            MyReviewOutputSerializer(review, context={"request": request}).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class ReviewDeleteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="plesiran_review_delete",
        summary="Delete my review",
        description="The signed-in person's review of this place is deleted.",
        request=None,
        responses={
            204: None,
            400: OpenApiResponse(description="The city's officers hid the review: it stays."),
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No such destination, or no review of mine."),
        },
        tags=["plesiran"],
    )
    def delete(self, request: Request, slug: str) -> Response:
        destination = _destination(request, slug)
        review = selectors.review_of(destination=destination, author=request.user)
        if review is None:
            raise Http404
        try:
            services.review_delete(review=review, author=request.user)
        except DjangoValidationError as error:
            raise api_validation_error(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewsApi(ReviewListApi, ReviewSubmitApi, ReviewDeleteApi, OperationsApi):
    operations = {"GET": ReviewListApi, "POST": ReviewSubmitApi, "DELETE": ReviewDeleteApi}


class ReviewFlagInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class ReviewFlagOutputSerializer(serializers.Serializer):
    flagged = serializers.BooleanField()


class ReviewFlagApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [PersonWriteThrottle]

    @extend_schema(
        operation_id="plesiran_review_flag",
        summary="Report a review as abusive",
        description="The city's officers see flagged reviews first. Once per person: "
        "201 the first time, 200 after.",
        request=ReviewFlagInputSerializer,
        responses={
            200: ReviewFlagOutputSerializer,
            201: ReviewFlagOutputSerializer,
            400: OpenApiResponse(description="One's own review, or a reason too long."),
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No visible review has this id."),
            429: OpenApiResponse(description="Too many writes; see Retry-After."),
        },
        tags=["plesiran"],
    )
    def post(self, request: Request, review_id) -> Response:
        review = selectors.review_get_visible(city=request.city, public_id=review_id)
        if review is None:
            raise Http404
        data = ReviewFlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            created = services.review_flag(
                review=review, reporter=request.user, reason=data.validated_data["reason"]
            )
        except DjangoValidationError as error:
            raise api_validation_error(error) from None
        return Response(
            {"flagged": True}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
