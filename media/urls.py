from django.urls import path

from media import views

app_name = "media"

# Not under MEDIA_URL ("/media/"): these are checked, signed and short-lived.
urlpatterns = [
    path("media-hls/<int:asset_id>/keys/<int:window>", views.key, name="key"),
    path(
        "media-hls/<int:asset_id>/<slug:name>/index.m3u8",
        views.variant,
        name="variant",
    ),
    path(
        "media-hls/<int:asset_id>/<slug:name>/<str:segment>",
        views.segment,
        name="segment",
    ),
    path("media-hls/<int:asset_id>/poster.jpg", views.poster, name="poster"),
    path("uploads/", views.start_upload, name="upload-start"),
    path("uploads/<uuid:upload_id>/", views.upload_chunk, name="upload"),
    path(
        "uploads/<uuid:upload_id>/parts/<int:number>/",
        views.presign_part,
        name="upload-part",
    ),
    path(
        "uploads/<uuid:upload_id>/complete/",
        views.complete_upload,
        name="upload-complete",
    ),
]
