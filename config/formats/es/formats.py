"""Spanish number formats as US Spanish-language newsrooms write them: 70.000, 2,5."""

# Django's own Spanish formats group thousands with a non-breaking space; these keep
# everything else of them.
from django.conf.locale.es.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
