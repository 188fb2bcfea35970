"""The DKA explorers: every control to its ends, random combinations, presets, messages."""

import random
import subprocess
import sys

import pytest

from musclepain_lib import InputError
from musclepain_lib.core.explorer import Toggle
from musclepain_lib.diabetes import (
    blood_gas_explorer,
    describe_dka_course,
    explorer,
    ph_from_bicarbonate,
    plot_blood_gases,
    plot_dka_course,
    simulate_dka,
)
from explorer_values import control_ends, random_control_value

EXPLORERS = {"course": explorer, "blood gas": blood_gas_explorer}


@pytest.mark.parametrize("make", EXPLORERS.values(), ids=EXPLORERS.keys())
def test_explorer_opens_with_a_figure_and_a_sentence(make):
    explorer_ = make().explorer
    assert explorer_.last_error is None
    assert explorer_.image.value and explorer_.image.layout.display != "none"
    assert explorer_.reading.description.endswith(".")
    assert "<img" in explorer_.static_html(), "pages without a kernel keep the opening figure"


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS.values(), ids=EXPLORERS.keys())
def test_every_control_at_its_ends_gives_a_figure_or_a_message(make):
    explorer_ = make().explorer
    for name, spec in explorer_.specs.items():
        for value in control_ends(spec):
            before = explorer_.image.value
            explorer_.views[name].value = value
            assert explorer_.last_error is None, (name, value)
            shown = explorer_.image.layout.display != "none"
            assert shown or explorer_.reading.verdict, (name, value)
            if shown and value != spec.default and not isinstance(spec, Toggle):
                assert explorer_.image.value != before or name in ("ph", "na", "cl"), (name, value)
        explorer_.reset()


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS.values(), ids=EXPLORERS.keys())
def test_random_combinations_never_raise(make):
    rng = random.Random(4)
    explorer_ = make().explorer
    for _ in range(12):
        values = {name: random_control_value(spec, rng) for name, spec in explorer_.specs.items()}
        explorer_.set_values(**values)
        assert explorer_.last_error is None, values
        assert explorer_.reading.description


def test_kussmaul_preset_shows_a_higher_ph_than_normal_breathing():
    kussmaul = explorer(preset="kussmaul").explorer
    unchanged = explorer(preset="normal_breathing").explorer
    assert "pCO2 40 mmHg" in unchanged.reading.description
    assert kussmaul.image.value != unchanged.image.value
    assert "No treatment" in kussmaul.reading.description


def test_insulin_without_potassium_preset_warns_of_low_potassium():
    reading = explorer(preset="no_potassium").explorer.reading
    assert any("below 3.5" in line for line in reading.details)


def test_euglycaemic_preset_says_glucose_stays_low():
    reading = explorer(preset="euglycaemic").explorer.reading
    assert any("euglycaemic" in line for line in reading.details)


def test_blood_gas_presets_read_kussmaul_breathing_as_appropriate_and_unchanged_breathing_as_failing():
    assert blood_gas_explorer(preset="kussmaul").explorer.reading.verdict.startswith(
        "Metabolic acidosis, with breathing compensating as Winter's formula expects"
    )
    failing = blood_gas_explorer(preset="normal_breathing").explorer.reading
    assert "with an added respiratory acidosis: breathing is not keeping up" in failing.verdict
    assert failing.level == "alarm"


def test_an_entered_ph_that_breaks_henderson_hasselbalch_shows_a_message_not_a_figure():
    explorer_ = blood_gas_explorer(ph_source="entered", ph=7.40).explorer
    assert explorer_.image.layout.display == "none"
    assert "cannot come from one sample" in explorer_.reading.verdict
    assert explorer_.last_error is None
    explorer_.views["ph"].value = round(ph_from_bicarbonate(9.0, 23.0), 2)
    assert explorer_.image.layout.display != "none"


def test_a_ph_off_the_diagram_shows_a_message():
    explorer_ = blood_gas_explorer(hco3=2.0, pco2_mmhg=100.0).explorer
    assert explorer_.image.layout.display == "none"
    assert "outside" in explorer_.reading.verdict


def test_the_blood_gas_steps_are_shown_under_the_verdict():
    reading = blood_gas_explorer().explorer.reading
    assert len(reading.details) == 5 and "Winter's formula" in reading.details[3]


def test_unknown_preset_and_unknown_control_are_refused():
    with pytest.raises(InputError, match="preset"):
        explorer(preset="hypokalaemia")
    with pytest.raises(InputError, match="not a control"):
        blood_gas_explorer(glucose=400)


def test_static_figures_and_their_description_are_built_from_the_model():
    course = simulate_dka(insulin_deficit=1.0, hours=48.0, treatment_start_h=24.0)
    assert len(plot_dka_course(course).axes) == 4
    text = describe_dka_course(course)
    assert f"{course.ph.min():.2f}" in text and "Treatment from 24 h" in text
    figure = plot_blood_gases({"A": (7.22, 23.0, 9.0), "B": (7.55, 48.0, 40.0)})
    assert len(figure.axes) == 1


def test_importing_the_models_does_not_import_widgets_or_matplotlib():
    code = (
        "import sys; from musclepain_lib.diabetes import simulate_dka, read_blood_gas; "
        "print('ipywidgets' in sys.modules or 'matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
