"""Views of the competitions app: the admin's view sets and the public site."""
