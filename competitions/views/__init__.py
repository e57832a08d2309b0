"""Site views of the competitions app: registration, judging, published results."""
