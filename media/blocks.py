"""A StreamField block that chooses a ready video asset."""

from media.views import video_chooser_viewset

VideoAssetChooserBlock = video_chooser_viewset.get_block_class(
    name="VideoAssetChooserBlock", module_path="media.blocks"
)
