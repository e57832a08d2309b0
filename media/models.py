"""Video assets: upload, probe, transcode, renditions, storage and signed playback."""
