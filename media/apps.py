from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Video and media")

    def ready(self) -> None:
        from media import resumable, services

        resumable.register_purpose(
            resumable.Purpose(
                name=services.VIDEO_UPLOAD,
                max_bytes=services.max_upload_bytes,
                may_send=lambda user: user.has_perm("media.add_videoasset"),
                check=services.check_uploaded_video,
            )
        )
