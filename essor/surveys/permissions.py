"""Rules of the surveys app (django-rules)."""
