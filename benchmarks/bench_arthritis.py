"""Arthritis: the time of one update of each explorer, model and drawing apart."""

from benchmarks.common import report, summarize, time_explorer


def _time_joint_presses(app, joints, rounds=3) -> dict:
    """Press joint buttons on the map one by one, then release them; time each redraw."""
    model, draw = [], []
    for _ in range(rounds):
        for pressed in (True, False):
            for joint in joints:
                app.views["joints"].buttons[joint].value = pressed
                model.append(app.last_update_ms["model"])
                draw.append(app.last_update_ms["draw"])
    return {"model": summarize(model), "draw": summarize(draw)}


def run():
    from musclepain_lib.arthritis import classification_explorer, course_explorer, explorer, response_explorer

    joint_map = explorer().explorer
    report("arthritis joint map: press a joint", _time_joint_presses(joint_map, list(joint_map.views["joints"].buttons)[:10]))
    report("arthritis joint map: ESR slider", time_explorer(joint_map, "esr_mm_h", [5, 20, 40, 80, 120]))
    report("arthritis EULAR response: swollen joints now", time_explorer(response_explorer().explorer, "now_sjc28", [0, 4, 8, 16, 28]))
    report("arthritis 2010 criteria: small joints", time_explorer(classification_explorer().explorer, "small_joints", [1, 3, 5, 11, 20]))
    report("arthritis disease course: treatment start", time_explorer(course_explorer().explorer, "treatment_start_years", [0.25, 1, 3, 5, 8]))
