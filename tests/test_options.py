"""Spider arguments and settings are checked up front, with messages that say what to do."""

from datetime import datetime

import pytest
from scrapy.settings import Settings

from sinaarchive.channels import CHANNELS, resolve_channels
from sinaarchive.export.paths import BEIJING
from sinaarchive.options import BadOption, check_settings, check_unknown_arguments, output_dir, parse_crawl_options


def test_defaults_are_the_guonei_channel():
    options = parse_crawl_options()
    assert [c.name for c in options.channels] == ["国内"]
    assert (options.channels[0].pageid, options.channels[0].lid) == (155, 1686)
    assert options.max_pages == 50


def test_channels_by_name_and_alias_in_order_without_repeats():
    options = parse_crawl_options(channels="美股, macro，国内,us-stocks")
    assert [c.name for c in options.channels] == ["美股", "宏观经济", "国内"]


def test_every_channel_has_the_three_level_category_chain():
    for channel in CHANNELS:
        assert channel.categories[:2] == ("金融", "新浪财经")
        assert channel.categories[2].startswith("新浪财经\uff0d")
    assert resolve_channels("宏观经济")[0].categories[2] == "新浪财经－宏观经济"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"channels": "A股"}, "unknown channel 'A股'; known channels: 国内 (china)"),
        ({"channels": ","}, "no channel named"),
        ({"since": "2021/07/01"}, "use YYYY-MM-DD"),
        ({"until": "2021-02-30"}, "is not a date"),
        ({"since": "2021-08-01", "until": "2021-07-01"}, "since must come first"),
        ({"max_pages": "0"}, "1 or more"),
        ({"max_pages": "ten"}, "1 or more"),
    ],
)
def test_bad_arguments_say_what_is_allowed(arguments, message):
    with pytest.raises(BadOption) as caught:
        parse_crawl_options(**arguments)
    assert message in str(caught.value)


def test_window_is_whole_beijing_days():
    options = parse_crawl_options(since="2021-07-01", until="2021-07-31")
    first = int(datetime(2021, 7, 1, 0, 0, tzinfo=BEIJING).timestamp())
    last = int(datetime(2021, 7, 31, 23, 59, 59, tzinfo=BEIJING).timestamp())
    assert options.in_window(first) and options.in_window(last)
    assert not options.in_window(first - 1) and not options.in_window(last + 1)
    assert options.older_than_window(first - 1) and not options.older_than_window(first)


def test_unknown_argument_names_are_refused_but_scheduler_ones_pass():
    with pytest.raises(BadOption, match="chanels"):
        check_unknown_arguments({"chanels": "国内"})
    check_unknown_arguments({"_job": "abc", "since": "2021-07-01"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SINAARCHIVE_ROLL_API", "feed.mix.sina.com.cn/api/roll/get", "not an http(s) URL"),
        ("SINAARCHIVE_PAGE_SIZE", "0", "1 or more"),
        ("SINAARCHIVE_MAX_PAGES", "x", "1 or more"),
        ("SINAARCHIVE_WARC_MAX_SIZE", "0", "1 or more"),
        ("SINAARCHIVE_WARC_ENABLED", "maybe", "must be True or False"),
    ],
)
def test_bad_settings_are_named(tmp_path, name, value, message):
    settings = Settings()
    settings.setmodule("sinaarchive.settings")
    settings.setdict({"SINAARCHIVE_OUTPUT_DIR": str(tmp_path), name: value})
    with pytest.raises(BadOption, match=name) as caught:
        check_settings(settings)
    assert message in str(caught.value)


def test_output_dir_is_created_but_a_missing_parent_is_an_error(tmp_path):
    assert output_dir(Settings({"SINAARCHIVE_OUTPUT_DIR": str(tmp_path / "posts")})).is_dir()
    with pytest.raises(BadOption, match="parent folder does not exist"):
        output_dir(Settings({"SINAARCHIVE_OUTPUT_DIR": str(tmp_path / "no" / "posts")}))
    (tmp_path / "file").write_text("x")
    with pytest.raises(BadOption, match="is a file"):
        output_dir(Settings({"SINAARCHIVE_OUTPUT_DIR": str(tmp_path / "file")}))


def test_an_unwritable_output_dir_is_an_error(tmp_path, monkeypatch):
    # Permissions cannot be tested for real as root (CI runs as root), so the access check itself is faked.
    monkeypatch.setattr("sinaarchive.options.os.access", lambda path, mode: False)
    with pytest.raises(BadOption, match="is not writable by this user"):
        output_dir(Settings({"SINAARCHIVE_OUTPUT_DIR": str(tmp_path)}))
