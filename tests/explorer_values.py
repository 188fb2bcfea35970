"""Control values the explorer tests move to: each control's ends, and seeded random picks."""

from musclepain_lib.core.explorer import Choice, Slider, Toggle


def control_ends(spec) -> list:
    """A slider's lowest and highest value, every option of a choice, both states of a toggle.

    A control that brings its own view (such as the joint map) has no ends: [].
    """
    if isinstance(spec, Slider):
        return [spec.low, spec.high]
    if isinstance(spec, Choice):
        return list(spec.options)
    if isinstance(spec, Toggle):
        return [True, False]
    return []


def random_control_value(spec, rng):
    """A value the control can take, on its step grid for a slider, chosen with ``rng``."""
    if isinstance(spec, Slider):
        steps = round((spec.high - spec.low) / spec.step)
        return round(spec.low + rng.randint(0, steps) * spec.step, 6)
    ends = control_ends(spec)
    return rng.choice(ends) if ends else spec.default
