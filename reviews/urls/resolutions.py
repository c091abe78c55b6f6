"""Routes for resolutions: assignment, disposition, similar comments, responses, settlement."""

from django.urls import path

from reviews.views import resolutions as views

urlpatterns = [
    path(
        "comments/resolve-batch/",
        views.CommentsResolveBatchView.as_view(),
        name="comments-resolve-batch",
    ),
    path("comments/<int:pk>/assign/", views.CommentAssignView.as_view(), name="comment-assign"),
    path("comments/<int:pk>/resolve/", views.CommentResolveView.as_view(), name="comment-resolve"),
    path("comments/<int:pk>/similar/", views.CommentSimilarView.as_view(), name="comment-similar"),
    path("comments/<int:pk>/respond/", views.CommentRespondView.as_view(), name="comment-respond"),
    path("comments/<int:pk>/settle/", views.CommentSettleView.as_view(), name="comment-settle"),
    path(
        "sections/<int:pk>/answered-comments/",
        views.SectionAnsweredCommentsView.as_view(),
        name="section-answered-comments",
    ),
]
