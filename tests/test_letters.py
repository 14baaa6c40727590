"""The UNIPEN letters committed in trainer/data: parsing, the noise rules, the split by person,
the letters taught as "not a digit" and the held-out check sets."""

import collections
import string

import pytest

from trainer import letters, unipen
from trainer.letters import PenLetter, broken_rule
from trainer.pendigits import parse_unipen

SAMPLE = """\
.SEGMENT CHARACTER 0 ? "k"
.COMMENT k 4 17
.PEN_DOWN
 10  20
 12  25
.PEN_UP
"""


@pytest.fixture(scope="module")
def committed():
    return letters.read_letters()


@pytest.fixture(scope="module")
def source():
    return letters.load_letter_source()


def test_letters_parse_with_their_label_as_text():
    [letter] = parse_unipen(SAMPLE.splitlines(), str)
    assert (letter.label, letter.writer, letter.strokes) == ("k", 4, [[(10, -20), (12, -25)]])


def test_committed_file_holds_every_letter_and_the_writers_people(committed):
    samples, people = committed
    assert letters.DATA_FILE.stat().st_size < 2_000_000
    assert len(samples) == 30791 and len(people) == 172
    assert {s.label for s in samples} == set(string.ascii_letters)
    assert {s.writer for s in samples} == set(people)
    assert people[1] == "art:writer01" and people[172] == "val:val01"


LINE = [(0.0, 0.0), (1.0, 30.0), (0.0, 60.0)]
ARC = [(0.0, 0.0), (30.0, 20.0), (40.0, 40.0), (30.0, 60.0), (0.0, 80.0)]


def test_noise_rules_drop_lone_lines_ibm_pieces_and_dots():
    assert broken_rule(PenLetter("x", 1, [LINE]), "cedar", 1) == "lone line"
    assert broken_rule(PenLetter("s", 1, [[(0, 0), (50, 2)]]), "val", 1) == "lone line"  # a dash
    for straight in "Ili":
        assert broken_rule(PenLetter(straight, 1, [LINE]), "tos", 1) is None
    assert broken_rule(PenLetter("I", 1, [LINE]), "ibm", 1) is None
    assert broken_rule(PenLetter("i", 1, [LINE]), "ibm", 1) == "ibm piece"  # no dot
    assert broken_rule(PenLetter("A", 1, [[(0, 60), (20, 0), (40, 60)]]), "ibm", 1) == "ibm piece"
    assert broken_rule(PenLetter("A", 1, [[(0, 60), (20, 0), (40, 60)]]), "tos", 1) is None
    assert broken_rule(PenLetter("P", 1, [ARC]), "ibm", 1) is None  # P is often one stroke
    assert broken_rule(PenLetter("e", 1, [ARC]), "cedar", 0.05) == "dot"
    assert broken_rule(PenLetter("e", 1, [ARC]), "cedar", 0.5) is None


def test_noise_rules_counted_on_the_committed_file(committed, source):
    samples, people = committed
    rules = letters.noise_rules(samples, people)
    assert collections.Counter(rules) == {None: 30166, "lone line": 467, "ibm piece": 150, "dot": 8}
    assert len(source.letters) == 30166
    assert source.dropped == {"dot": 8, "ibm piece": 150, "lone line": 467}


def test_several_stroke_letters_follow_their_stated_rule(committed, source):
    """SEVERAL_STROKES: the letters that the training writers of the other sites write in one
    stroke less than one time in ten."""
    samples, people = committed
    counts, single = collections.Counter(), collections.Counter()
    for sample in samples:
        site = people[sample.writer].split(":")[0]
        if site != "ibm" and sample.writer not in source.held_out_writers:
            counts[sample.label] += 1
            single[sample.label] += len(sample.strokes) == 1
    rare = {label for label in counts if single[label] < 0.1 * counts[label]}
    assert rare == set(letters.SEVERAL_STROKES)


def test_no_letter_writer_is_both_trained_on_and_held_out(source):
    train, held = source.train, source.held_out
    assert len(train) + len(held) == len(source.letters)
    assert not {s.writer for s in train} & {s.writer for s in held}
    assert {s.writer for s in held} == set(source.held_out_writers)
    assert len(source.held_out_writers) == 34 and len(held) == 8007


def test_a_person_held_out_in_either_digit_file_is_held_out_in_the_letters(committed, source):
    _, people = committed
    held_people = unipen.held_out_people()
    digit_people = set(unipen.writer_sites().values())
    digit_people |= set(unipen.writer_sites(unipen.MORE_FILE).values())
    for writer, person in people.items():
        if person in digit_people:
            assert (writer in source.held_out_writers) == (person in held_people), person
    assert {people[w] for w in source.held_out_writers} - held_people == {"cedar:pb0797"}
    assert sum(p in held_people for p in people.values()) == 33  # 2 held-out syn: no letters


def test_taught_letters_leave_out_every_look_alike():
    assert not set(letters.TAUGHT) & set(letters.LOOK_ALIKES)
    assert len(letters.TAUGHT) == 26
    assert set("OoDQIliZzSsGbTBgqA") <= set(string.ascii_letters) - set(letters.TAUGHT)
    assert set("JYafuyLr") <= set(string.ascii_letters) - set(letters.TAUGHT)  # measured


def test_checks_cap_each_letter_of_each_held_out_writer(source):
    taught = letters.check_letters(source.held_out)
    others = letters.check_letters(source.held_out, taught=False)
    assert len(taught) == 1082 and len(others) == 1121
    assert {s.label for s in taught} == set(letters.TAUGHT)
    assert not {s.label for s in others} & set(letters.TAUGHT)
    for checked in (taught, others):
        per_writer = collections.Counter((s.writer, s.label) for s in checked)
        assert max(per_writer.values()) == letters.CHECK_PER_WRITER
        assert {s.writer for s in checked} <= set(source.held_out_writers)
