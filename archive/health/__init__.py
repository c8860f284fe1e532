"""Run health: each crawl run judged against its site's own recent runs.

Why: a crawl that finishes but archives nothing new, or archives pages the rules no longer
split (a redesign), costs a study months of data if nobody notices. Fixed thresholds get
ignored; what matters is a change against the site's history, and telling "nothing new this
week" from "the parser broke". When a crawl run ends, :func:`assess_run` computes the run's
figures (:mod:`archive.health.figures`), judges each check of :data:`archive.health.checks.CHECKS`
against the median of the site's last N finished runs (fixed defaults while there is no
history, and it says so), and stores the verdict on ``crawl_runs.health``.
"""

from archive.health.assess import assess_run, record_health
from archive.health.settings import HealthSettings
from archive.health.summary import health_summary

__all__ = ["HealthSettings", "assess_run", "health_summary", "record_health"]
