"""Site views of the inheritors app: the leader's own pages and public ones."""
