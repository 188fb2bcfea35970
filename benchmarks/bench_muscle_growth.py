"""Muscle growth: the time of one update of each explorer, model and drawing apart."""

from benchmarks.common import report, time_call, time_explorer


def run():
    from musclepain_lib.muscle_growth import exertion_explorer, explorer, protein_balance, protein_explorer

    report("muscle growth training plan: weeks (up to 26)", time_explorer(explorer().explorer, "weeks", [4, 8, 12, 20, 26]))
    report("muscle growth training plan: taper days", time_explorer(explorer().explorer, "taper_days", [0, 7, 14, 21, 28]))
    report("muscle growth protein: protein per day", time_explorer(protein_explorer().explorer, "protein_g_per_kg", [0.3, 0.8, 1.2, 1.6, 2.2]))
    report("muscle growth protein: weeks (up to 26)", time_explorer(protein_explorer().explorer, "weeks", [4, 8, 16, 20, 26]))
    report("muscle growth exertion: size of the bout", time_explorer(exertion_explorer().explorer, "damage", [0.05, 0.5, 1.0, 2.5, 5.0]))
    report("protein_balance, 7 sessions a week, 26 weeks", time_call(lambda: protein_balance(7, 1.6, 26), repeat=10))
