"""The disease-course teaching model: damage follows inflammation and never heals."""

import math

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.arthritis import disease_course


def test_damage_never_falls_even_after_treatment_calms_inflammation():
    course = disease_course(years=10, treatment_start_years=2)
    assert np.all(np.diff(course.damage) >= 0)
    assert course.das28[-1] < 3.2 < course.das28[0]


def test_earlier_treatment_leaves_less_damage_than_later_or_none():
    damage = [disease_course(treatment_start_years=start).final_damage for start in (0.25, 1, 3, 6, None)]
    assert damage == sorted(damage)
    assert damage[0] < 0.5 * damage[-1]


def test_untreated_activity_sits_at_its_level_between_flares():
    course = disease_course(flares_per_year=0, treatment_start_years=None, untreated_das28=5.5)
    assert np.allclose(course.das28, 5.5)
    # 1 unit per DAS28 point above 2.6 per year: (5.5 - 2.6) * 10 years
    assert course.final_damage == pytest.approx(29.0, rel=1e-9)


def test_no_damage_accrues_while_activity_stays_at_remission():
    course = disease_course(flares_per_year=0, treatment_start_years=None, untreated_das28=2.6)
    assert course.final_damage == 0


def test_treatment_takes_weeks_to_work_not_days():
    course = disease_course(flares_per_year=0, treatment_start_years=1, treatment_effect=0.7)
    week_after = course.das28[np.searchsorted(course.t_years, 1 + 1 / 52)]
    half_year_after = course.das28[np.searchsorted(course.t_years, 1.5)]
    assert week_after > 5.2
    assert half_year_after < 3.5


def test_flares_are_reproducible_with_the_same_seed_and_differ_with_another():
    first, again, other = (disease_course(seed=s) for s in (7, 7, 8))
    assert np.array_equal(first.das28, again.das28)
    assert not np.array_equal(first.das28, other.das28)


def test_treatment_damps_flares_as_well():
    course = disease_course(flares_per_year=4, treatment_start_years=0, treatment_effect=0.9, seed=3)
    later = course.t_years > 1
    assert course.das28[later].max() < course.untreated_das28[later].max()


@pytest.mark.parametrize(
    "argument, bad",
    [("years", 0), ("years", 31), ("years", math.nan), ("treatment_start_years", -1),
     ("treatment_start_years", 11), ("treatment_start_years", math.inf), ("treatment_effect", 1.0),
     ("treatment_effect", -0.1), ("flares_per_year", -1), ("flares_per_year", "2"),
     ("untreated_das28", 2.0), ("untreated_das28", 9.5), ("seed", -1), ("seed", 1.5), ("seed", True)],
)
def test_disease_course_refuses_impossible_inputs(argument, bad):
    with pytest.raises(InputError, match=argument):
        disease_course(**{argument: bad})
