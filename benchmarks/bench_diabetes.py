"""Diabetes: the DKA course and the blood-gas reader, model and drawing apart."""

from benchmarks.common import report, time_call, time_explorer


def run():
    from musclepain_lib.diabetes import blood_gas_explorer, explorer, read_blood_gas, simulate_dka

    report("simulate_dka, 48 h in 0.25 h steps", time_call(lambda: simulate_dka(hours=48.0, treatment_start_h=24.0)))
    report("read_blood_gas with Na and Cl", time_call(lambda: read_blood_gas(7.22, 23.0, 9.0, na=140.0, cl=102.0)))
    course = explorer().explorer
    report("explorer (DKA course): insulin missing", time_explorer(course, "insulin_deficit_pct", [60.0, 80.0, 100.0, 90.0, 70.0]))
    report("explorer (DKA course): treatment start", time_explorer(course, "treatment_start_h", [6.0, 12.0, 18.0, 30.0, 40.0]))
    gas = blood_gas_explorer().explorer
    report("blood_gas_explorer: bicarbonate", time_explorer(gas, "hco3", [6.0, 9.0, 14.0, 20.0, 30.0]))
