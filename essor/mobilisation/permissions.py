"""Rules of the mobilisation app (django-rules)."""
