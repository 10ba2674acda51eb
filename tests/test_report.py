"""The cron contract: counts, the summary's failure reasons, and the exit status (sinaarchive.report)."""

import pytest

from sinaarchive.report import (
    EXIT_INTERRUPTED,
    EXIT_LISTING_FAILED,
    EXIT_OK,
    EXIT_TOO_MANY_FAILURES,
    RunCounts,
    exit_status,
    failure_reasons,
)

GOOD = {
    "sinaarchive/listing/pages_ok": 2,
    "sinaarchive/listing/items": 100,
    "sinaarchive/archived/new": 40,
    "sinaarchive/archived/updated": 1,
    "sinaarchive/skipped/unchanged": 57,
    "sinaarchive/skipped/duplicate": 1,
    "sinaarchive/failed/http_404": 1,
    "item_dropped_reasons_count/EmptyBody": 1,
}


def test_counts_from_stats():
    counts = RunCounts.from_stats(GOOD)
    assert counts == RunCounts(pages_listed=2, pages_failed=0, found=100, new=40, updated=1, skipped=58, failed=2)
    assert counts.progress_line() == "pages listed 2 (failed 0), found 100, new 40, updated 1, skipped 58, failed 2"


def test_failure_reasons_name_every_counter():
    stats = {**GOOD, "sinaarchive/listing/failed/bad_json": 1}
    assert failure_reasons(stats) == "EmptyBody=1, bad_json=1, http_404=1"


@pytest.mark.parametrize(
    ("stats", "reason", "expected"),
    [
        (GOOD, "finished", EXIT_OK),
        (GOOD, "closespider_timeout", EXIT_OK),
        (GOOD, "shutdown", EXIT_INTERRUPTED),
        ({"sinaarchive/listing/failed/status": 2}, "finished", EXIT_LISTING_FAILED),
        ({}, "finished", EXIT_LISTING_FAILED),
        ({"sinaarchive/listing/pages_ok": 1}, "finished", EXIT_OK),  # nothing new is a success
        (
            {"sinaarchive/listing/pages_ok": 1, "sinaarchive/archived/new": 4, "sinaarchive/failed/http_503": 5},
            "finished",
            EXIT_TOO_MANY_FAILURES,
        ),
        (
            {"sinaarchive/listing/pages_ok": 1, "sinaarchive/archived/new": 5, "sinaarchive/failed/http_503": 5},
            "finished",
            EXIT_OK,
        ),  # exactly half is not more than half
    ],
)
def test_exit_status(stats, reason, expected):
    assert exit_status(stats, reason, max_failed_share=0.5) == expected


class FakeStats:
    def __init__(self, values):
        self.values = values

    def get_stats(self):
        return self.values


class FakeCrawler:
    def __init__(self, values):
        self.stats = FakeStats(values)


def test_a_terminal_gets_a_live_progress_line(monkeypatch, capsys):
    from sinaarchive.report import RunReport

    report = RunReport(FakeCrawler(GOOD), interval=30, max_failed_share=0.5)
    report.live = True
    report.log_progress()
    err = capsys.readouterr().err
    assert err.startswith("\r\x1b[K") and "new 40, updated 1, skipped 58, failed 2" in err
