"""Endpoints of the disposition of comments: assign, resolve, resolve-batch, similar, respond,
settle. Each reads the comment through the visibility selector (404 when the caller may not
see it) and calls one service."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from consultation.models import Comment, Section
from consultation.selectors.comments import comment_get_visible

from .. import services
from ..selectors import comment_to_compare, comments_answered_by, comments_similar_to
from ..serializers import (
    AssignInputSerializer,
    BatchResultSerializer,
    DispositionSerializer,
    ResolveBatchInputSerializer,
    ResolveInputSerializer,
    RespondInputSerializer,
    SettleInputSerializer,
    SimilarCommentSerializer,
)


def _visible(request: Request, pk: int) -> Comment:
    from django.http import Http404

    try:
        return comment_get_visible(request.user, pk)
    except Comment.DoesNotExist as exc:
        raise Http404 from exc


def _input(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


CHANGED = OpenApiResponse(
    description="The comment is resolved (`already_resolved`: send `reopen`), or it changed "
    "after `unchanged_since` (`comment_changed`, with `changed`: `{comment, what, by, at}`, "
    "the latest change; in a batch, each failure of `failures` carries its own `changed`)."
)


def _disposition(comment: Comment) -> Response:
    return Response(DispositionSerializer(comment).data)


class CommentAssignView(APIView):
    """Assign a submitted comment to an editor of its guideline, with an optional due date."""

    @extend_schema(request=AssignInputSerializer, responses=DispositionSerializer)
    def post(self, request, pk: int):
        comment = _visible(request, pk)
        data = _input(AssignInputSerializer, request)
        comment = services.comment_assign(
            comment=comment, editor=data["editor"], due_at=data.get("due_at"), user=request.user
        )
        return _disposition(comment)


class CommentResolveView(APIView):
    """Record the disposition of a comment (editors of its guideline only)."""

    @extend_schema(
        request=ResolveInputSerializer, responses={200: DispositionSerializer, 409: CHANGED}
    )
    def post(self, request, pk: int):
        comment = _visible(request, pk)
        data = _input(ResolveInputSerializer, request)
        comment = services.comment_resolve(comment=comment, user=request.user, **data)
        return _disposition(comment)


class CommentsResolveBatchView(APIView):
    """Give many comments one disposition, all or nothing."""

    @extend_schema(
        request=ResolveBatchInputSerializer, responses={200: BatchResultSerializer, 409: CHANGED}
    )
    def post(self, request):
        data = _input(ResolveBatchInputSerializer, request)
        resolved = services.comments_resolve(
            comment_ids=data["comments"],
            user=request.user,
            decision=data["decision"],
            rationale=data.get("rationale", ""),
            duplicate_of=data.get("duplicate_of"),
            unchanged_since=data.get("unchanged_since"),
        )
        return Response({"resolved": [c.pk for c in resolved], "decision": data["decision"]})


class CommentSimilarView(APIView):
    """Submitted comments of the same consultation that say nearly the same, most similar first."""

    @extend_schema(responses=SimilarCommentSerializer(many=True))
    def get(self, request, pk: int):
        try:
            # Only what the lookup reads: the full comment's joins cost more to plan than it.
            comment = comment_to_compare(request.user, pk)
        except Comment.DoesNotExist as exc:
            raise Http404 from exc
        return Response(comments_similar_to(comment, user=request.user))


@extend_schema(
    parameters=[
        OpenApiParameter(
            "revision",
            {"type": "integer", "minimum": 0},
            description="Only comments this revision applied.",
        )
    ]
)
class SectionAnsweredCommentsView(generics.ListAPIView):
    """From a revision back to the comments it answered: the dispositions that name a revision
    of this section (readable ones only), oldest revision first."""

    serializer_class = DispositionSerializer
    queryset = Comment.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self):
        section = get_object_or_404(Section, pk=self.kwargs["pk"])
        revision = self.request.query_params.get("revision")
        if revision is not None and not revision.isdigit():
            raise ValidationError({"revision": [_("Give a revision number, e.g. ?revision=3.")]})
        return comments_answered_by(
            section.pk, user=self.request.user, revision=int(revision) if revision else None
        )


class CommentRespondView(APIView):
    """The commenting organisation's answer to the disposition: satisfied or objection."""

    @extend_schema(request=RespondInputSerializer, responses=DispositionSerializer)
    def post(self, request, pk: int):
        comment = _visible(request, pk)
        data = _input(RespondInputSerializer, request)
        comment = services.comment_respond(
            comment=comment,
            user=request.user,
            response=data["response"],
            note=data.get("note", ""),
        )
        return _disposition(comment)


class CommentSettleView(APIView):
    """A coordinator settles an organisation's objection: overruled, or upheld (reopens it)."""

    @extend_schema(request=SettleInputSerializer, responses=DispositionSerializer)
    def post(self, request, pk: int):
        comment = _visible(request, pk)
        data = _input(SettleInputSerializer, request)
        comment = services.comment_settle(comment=comment, user=request.user, **data)
        return _disposition(comment)
