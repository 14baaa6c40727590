"""The UNIPEN digits committed in trainer/data (38 writers, and 138 more): the noise rules and the
split by writer."""

import collections

from trainer.pendigits import PenDigit, read_compact
from trainer.pens import load_sources
from trainer.unipen import (
    DATA_FILE,
    HELD_OUT_WRITERS,
    MORE_FILE,
    dropped,
    held_out_by_site,
    held_out_people,
    is_lone_line,
    is_too_flat,
    load_unipen,
    more_held_out_writers,
    writer_sites,
)


def test_committed_file_holds_every_digit_and_the_writers_sites():
    digits, document = read_compact(DATA_FILE)
    assert DATA_FILE.stat().st_size < 700_000
    assert len(digits) == 7436
    assert sorted(collections.Counter(d.writer for d in digits)) == list(range(1, 39))
    sites = writer_sites()
    assert sites[1] == "art:writer01" and sites[38] == "val:val01"
    assert collections.Counter(site.split(":")[0] for site in sites.values()) == {
        "syn": 17,
        "ibm": 12,
        "val": 2,
        "art": 3,
        "pri": 3,
        "lou": 1,
    }


def test_noise_rules_drop_flat_drawings_and_lone_lines_only():
    dash = PenDigit(1, 4, [[(0, 0), (100, 10), (300, 12)]])
    one = PenDigit(1, 4, [[(10, 0), (0, 300)]])
    wide_zero = PenDigit(0, 30, [[(0, 0), (200, 0), (200, 100), (0, 100), (0, 0)]])
    assert is_too_flat(dash) and not is_too_flat(one) and not is_too_flat(wide_zero)

    stem_of_four = PenDigit(4, 5, [[(10, 0), (12, 150), (11, 300)]])
    half_zero = PenDigit(0, 6, [[(0, 0), (60, 50), (80, 100), (60, 150), (0, 200)]])  # an arc
    two_stroke_four = PenDigit(4, 5, [[(0, 0), (0, 100), (100, 100)], [(80, 0), (80, 300)]])
    assert is_lone_line(stem_of_four)
    assert not any(map(is_lone_line, [one, half_zero, two_stroke_four, wide_zero]))

    kept = load_unipen()
    assert len(kept) == 7400
    assert not any(is_too_flat(d) or is_lone_line(d) for d in kept)


def test_held_out_writers_cover_every_large_site():
    sites = writer_sites()
    held = {sites[w].split(":")[0] for w in HELD_OUT_WRITERS}
    assert held == {"art", "ibm", "pri", "syn", "val"}


def test_sources_split_by_writer():
    for source in load_sources():
        train, held = source.train, source.held_out
        assert len(train) + len(held) == len(source.digits)
        assert {d.writer for d in held} == set(source.held_out_writers)
        assert not {d.writer for d in train} & set(source.held_out_writers)
        assert {d.label for d in held} == set(range(10))


def test_more_writers_file_holds_every_digit_and_the_writers_sites():
    digits, _ = read_compact(MORE_FILE)
    assert MORE_FILE.stat().st_size < 200_000
    assert len(digits) == 2192
    assert sorted({d.writer for d in digits}) == list(range(1, 139))
    sites = writer_sites(MORE_FILE)
    assert collections.Counter(site.split(":")[0] for site in sites.values()) == {
        "cedar": 47,
        "tos": 57,
        "imp": 34,
    }


def test_noise_rules_counted_on_both_files():
    assert dropped() == {"too flat": 21, "lone line": 15}
    assert dropped(MORE_FILE) == {"too flat": 1, "lone line": 1}
    assert len(load_unipen(MORE_FILE)) == 2190


def test_held_out_by_site_takes_the_third_and_every_fifth_after_it_of_each_site():
    sites = {w: "a:x" for w in range(1, 13)} | {w: "b:y" for w in range(13, 16)}
    assert held_out_by_site(sites) == (3, 8, 15)
    held = more_held_out_writers()
    sites = writer_sites(MORE_FILE)
    assert collections.Counter(sites[w].split(":")[0] for w in held) == {
        "cedar": 9,
        "tos": 11,
        "imp": 7,
    }
    for site in ("cedar", "tos", "imp"):
        writers = sorted(w for w, s in sites.items() if s.startswith(site + ":"))
        assert [w for w in writers if w in held] == writers[2::5]


def test_held_out_people_are_both_files_held_out_writers():
    people = held_out_people()
    assert len(people) == len(HELD_OUT_WRITERS) + len(more_held_out_writers())
    assert {"syn:jwd", "val:val01", "cedar:sr3070"} <= people
    assert "syn:cam" not in people
