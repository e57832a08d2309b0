from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from media.models import VideoAsset
from media.views import VideoAssetViewSet, video_chooser_viewset

register_permission_policy(VideoAsset)


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoAssetViewSet("videos")


@hooks.register("register_admin_viewset")
def register_video_chooser():
    return video_chooser_viewset


@hooks.register("register_log_actions")
def register_media_actions(actions):
    actions.register_action(
        "media.transcode", _("Process video again"), _("Video processing requested")
    )
    actions.register_action(
        "media.encrypt",
        _("Convert video to encrypted delivery"),
        _("Conversion to encrypted delivery requested"),
    )
