"""Disease activity and classification of rheumatoid arthritis: the published scores.

Pure functions (numpy/pandas only). Every function checks its input and raises
:class:`~musclepain_lib.InputError` naming the argument, the value and the allowed range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from musclepain_lib.core.clinical import threshold
from musclepain_lib.core.data import load_table
from musclepain_lib.core.validation import check_bool, check_choice, check_int, check_number

__all__ = [
    "DAS28_BANDS",
    "CDAI_BANDS",
    "SDAI_BANDS",
    "SEROLOGY_LEVELS",
    "das28_esr",
    "das28_esr_parts",
    "das28_crp",
    "das28_category",
    "cdai",
    "sdai",
    "cdai_category",
    "sdai_category",
    "eular_response",
    "eular_response_regions",
    "assess_eular_response",
    "acr_eular_2010_points",
    "acr_eular_2010_score",
    "classify_ra_2010",
    "ra_2010_applies",
    "assess_ra_2010",
    "das28_joints",
    "JointMarks",
]

JOINTS_28 = 28
#: The highest score each index can reach with the inputs these functions accept.
DAS28_MAX = 10.0
CDAI_MAX = 76.0
CRP_MG_L_MAX = 500.0
SDAI_MAX = CDAI_MAX + CRP_MG_L_MAX / 10

#: Upper limits of the activity bands: (word, limit, limit included in the band).
#: DAS28: remission < 2.6, low <= 3.2, moderate <= 5.1 (das-score.nl; Fransen et al. 2004),
#: read from ``data/clinical_thresholds.csv``.
DAS28_BANDS = (
    ("remission", threshold("das28_remission_below"), False),
    ("low", threshold("das28_low_max"), True),
    ("moderate", threshold("das28_moderate_max"), True),
    ("high", math.inf, True),
)
#: EULAR response: the DAS28 improvements that count (van Gestel et al. 1996), from the table.
EULAR_GOOD_IMPROVEMENT = threshold("eular_good_improvement")
EULAR_MODERATE_IMPROVEMENT = threshold("eular_moderate_improvement")
#: 2010 ACR/EULAR criteria: the entry condition and the score that classifies (Aletaha et al. 2010).
RA2010_MIN_JOINTS = int(threshold("ra2010_min_swollen_joints"))
RA2010_CLASSIFY_SCORE = int(threshold("ra2010_classify_score"))
#: CDAI: remission <= 2.8, low <= 10, moderate <= 22 (Aletaha et al. 2005; ACR 2019), from the table.
CDAI_BANDS = tuple((word, threshold(f"cdai_{word}_max"), True) for word in ("remission", "low", "moderate")) + (
    ("high", math.inf, True),)
#: SDAI: remission <= 3.3, low <= 11, moderate <= 26 (Smolen et al. 2003; ACR 2019), from the table.
SDAI_BANDS = tuple((word, threshold(f"sdai_{word}_max"), True) for word in ("remission", "low", "moderate")) + (
    ("high", math.inf, True),)

SEROLOGY_LEVELS = ("negative", "low", "high")


def _joint_counts(tjc28, sjc28) -> tuple[int, int]:
    return (
        check_int("tjc28", tjc28, 0, JOINTS_28, "tender joints"),
        check_int("sjc28", sjc28, 0, JOINTS_28, "swollen joints"),
    )


def das28_esr(tjc28, sjc28, esr_mm_h, global_health) -> float:
    """Disease Activity Score in 28 joints with the erythrocyte sedimentation rate.

    ``0.56*sqrt(TJC28) + 0.28*sqrt(SJC28) + 0.70*ln(ESR) + 0.014*GH``.

    Units: joint counts 0..28 (tender, swollen), ESR in mm/h (1..200; the logarithm
    needs a positive value, and a laboratory reports whole mm/h), global health on a
    100 mm visual analogue scale (0 = very well, 100 = very poor). Result on a 0..10 scale.

    Source: Prevoo et al. 1995, Arthritis Rheum 38:44-48; formula as published on
    das-score.nl (Radboud university medical center, Nijmegen).

    Limits: the 28-joint count leaves out ankles and feet, so active disease in the feet
    can hide behind a "remission" score; ESR rises with age, anaemia and pregnancy, which
    lifts the score without more arthritis.
    """
    return sum(das28_esr_parts(tjc28, sjc28, esr_mm_h, global_health).values())


def das28_esr_parts(tjc28, sjc28, esr_mm_h, global_health) -> dict:
    """The four terms of :func:`das28_esr`, by what they measure; they add up to the score.

    Keys: "tender joints", "swollen joints", "ESR", "global health" (DAS28 points).
    Arguments, units, source and limits as :func:`das28_esr` (Prevoo et al. 1995).
    """
    tjc, sjc = _joint_counts(tjc28, sjc28)
    esr = check_number("esr_mm_h", esr_mm_h, 1, 200, "mm/h")
    gh = check_number("global_health", global_health, 0, 100, "mm")
    return {
        "tender joints": 0.56 * math.sqrt(tjc),
        "swollen joints": 0.28 * math.sqrt(sjc),
        "ESR": 0.70 * math.log(esr),
        "global health": 0.014 * gh,
    }


def das28_crp(tjc28, sjc28, crp_mg_l, global_health) -> float:
    """Disease Activity Score in 28 joints with C-reactive protein.

    ``0.56*sqrt(TJC28) + 0.28*sqrt(SJC28) + 0.36*ln(CRP + 1) + 0.014*GH + 0.96``;
    its floor (no tender or swollen joint, CRP 0, global health 0) is 0.96.

    Units: joint counts 0..28, CRP in mg/L (0..500), global health 0..100 mm.

    Source: das-score.nl (Radboud university medical center, Nijmegen), DAS28-CRP(4);
    Prevoo et al. 1995, Arthritis Rheum 38:44-48 for the 28-joint count.

    Limits: DAS28-CRP tends to read lower than DAS28-ESR in the same patient, so the
    ESR cut-offs (remission < 2.6) flatter it (Inoue et al. 2007, Ann Rheum Dis 66:407);
    the feet are not counted.
    """
    tjc, sjc = _joint_counts(tjc28, sjc28)
    crp = check_number("crp_mg_l", crp_mg_l, 0, CRP_MG_L_MAX, "mg/L")
    gh = check_number("global_health", global_health, 0, 100, "mm")
    return 0.56 * math.sqrt(tjc) + 0.28 * math.sqrt(sjc) + 0.36 * math.log(crp + 1) + 0.014 * gh + 0.96


def _band(score: float, bands) -> str:
    for word, limit, included in bands:
        if score < limit or (included and score == limit):
            return word
    return bands[-1][0]


def das28_category(score) -> str:
    """The activity band of a DAS28 score: "remission", "low", "moderate" or "high".

    Remission below 2.6, low activity up to 3.2, moderate up to 5.1, high above 5.1
    (score 0..10).

    Source: das-score.nl; Fransen et al. 2004, Rheumatology 43:1252 (remission); the
    ACR 2019 recommendations on disease-activity measures (England et al. 2019, Arthritis
    Care Res 71:1540) list these cut-offs.

    Limits: the bands were set with DAS28-ESR; a patient in "remission" may still have
    swollen joints (up to several) or active feet.
    """
    return _band(check_number("score", score, 0, DAS28_MAX, "DAS28 points"), DAS28_BANDS)


def _global_assessments(patient_global, evaluator_global) -> tuple[float, float]:
    return (
        check_number("patient_global", patient_global, 0, 10, "cm"),
        check_number("evaluator_global", evaluator_global, 0, 10, "cm"),
    )


def cdai(tjc28, sjc28, patient_global, evaluator_global) -> float:
    """Clinical Disease Activity Index: the plain sum TJC28 + SJC28 + patient + evaluator global.

    Units: joint counts 0..28; both global assessments on a 10 cm scale (0..10).
    Result 0..76. No blood test: it can be scored during the visit.

    Source: Aletaha et al. 2005, Arthritis Res Ther 7:R796-R806.

    Limits: equal weights for tender and swollen joints; the feet are not counted.
    """
    tjc, sjc = _joint_counts(tjc28, sjc28)
    patient, evaluator = _global_assessments(patient_global, evaluator_global)
    return tjc + sjc + patient + evaluator


def sdai(tjc28, sjc28, patient_global, evaluator_global, crp_mg_dl) -> float:
    """Simplified Disease Activity Index: CDAI plus CRP in mg/dL.

    Units: joint counts 0..28; global assessments 0..10 cm; CRP in mg/dL (0..50; note
    the unit: 10 mg/L = 1 mg/dL). Result 0..126 here (0..86 with CRP up to 10 mg/dL).

    Source: Smolen et al. 2003, Rheumatology 42:244-257.

    Limits: as CDAI; CRP in mg/L entered by mistake inflates the score ten-fold.
    """
    base = cdai(tjc28, sjc28, patient_global, evaluator_global)
    return base + check_number("crp_mg_dl", crp_mg_dl, 0, CRP_MG_L_MAX / 10, "mg/dL")


def cdai_category(score) -> str:
    """The activity band of a CDAI score: remission <= 2.8, low <= 10, moderate <= 22, high.

    Units: CDAI points, 0..76. Source: Aletaha et al. 2005, Arthritis Res Ther 7:R796;
    England et al. 2019 (ACR recommendations), Arthritis Care Res 71:1540.
    Limits: band edges are conventions agreed by experts, not biological thresholds.
    """
    return _band(check_number("score", score, 0, CDAI_MAX, "CDAI points"), CDAI_BANDS)


def sdai_category(score) -> str:
    """The activity band of an SDAI score: remission <= 3.3, low <= 11, moderate <= 26, high.

    Units: SDAI points, 0..126. Source: Smolen et al. 2003, Rheumatology 42:244; Aletaha
    et al. 2005; England et al. 2019 (ACR recommendations), Arthritis Care Res 71:1540.
    Limits: band edges are conventions agreed by experts, not biological thresholds.
    """
    return _band(check_number("score", score, 0, SDAI_MAX, "SDAI points"), SDAI_BANDS)


def eular_response(das28_before, das28_now) -> str:
    """The EULAR response between two visits: "good", "moderate" or "none".

    Both the improvement and the level reached count: an improvement above 1.2 that
    reaches 3.2 or less is "good"; above 1.2 otherwise, or above 0.6 ending at 5.1 or
    less, is "moderate"; anything else is "none".

    Units: DAS28 points (0..10) at the earlier and the later visit.

    Source: van Gestel et al. 1996, Arthritis Rheum 39:34-40; the table on das-score.nl.

    Limits: built for DAS28-ESR; a patient who starts just above 5.1 and improves by 1.0
    gets "none" while one who ends at 5.1 with the same change gets "moderate".
    """
    before = check_number("das28_before", das28_before, 0, DAS28_MAX, "DAS28 points")
    now = check_number("das28_now", das28_now, 0, DAS28_MAX, "DAS28 points")
    improvement = round(before - now, 9)  # 4.4 - 3.2 is 1.2, not 1.2000000000000002
    low_max, moderate_max = DAS28_BANDS[1][1], DAS28_BANDS[2][1]
    if now <= low_max and improvement > EULAR_GOOD_IMPROVEMENT:
        return "good"
    if improvement > EULAR_GOOD_IMPROVEMENT or (improvement > EULAR_MODERATE_IMPROVEMENT and now <= moderate_max):
        return "moderate"
    return "none"


def eular_response_regions(das28_top=DAS28_MAX, improvement_top=DAS28_MAX) -> dict:
    """The EULAR response chart as boxes: ``{"good": [((x0, x1), (y0, y1)), ...], "moderate": [...]}``.

    x is DAS28 now, y the improvement (both DAS28 points, up to the given tops); what no
    box covers is "none". Built from the same thresholds as :func:`eular_response`.
    Source: van Gestel et al. 1996, Arthritis Rheum 39:34-40.
    """
    x_top = check_number("das28_top", das28_top, DAS28_BANDS[2][1], DAS28_MAX, "DAS28 points", low_open=True)
    y_top = check_number("improvement_top", improvement_top, EULAR_GOOD_IMPROVEMENT, DAS28_MAX, "DAS28 points",
                         low_open=True)
    low_max, moderate_max = DAS28_BANDS[1][1], DAS28_BANDS[2][1]
    good, moderate = EULAR_GOOD_IMPROVEMENT, EULAR_MODERATE_IMPROVEMENT
    return {
        "good": [((0.0, low_max), (good, y_top))],
        "moderate": [((0.0, low_max), (moderate, good)), ((low_max, moderate_max), (moderate, y_top)),
                     ((moderate_max, x_top), (good, y_top))],
    }


_RESPONSE_LEVELS = {"good": "ok", "moderate": "note", "none": "warn"}


def assess_eular_response(das28_before, das28_now) -> tuple[str, str]:
    """The verdict on two visits: ``(level, words)``; ``"ok"`` good, ``"note"`` moderate, ``"warn"`` none.

    Arguments and source as :func:`eular_response` (van Gestel et al. 1996).
    Limits: a response describes a change in a score; treatment decisions are a doctor's.
    """
    response = eular_response(das28_before, das28_now)
    return _RESPONSE_LEVELS[response], f"EULAR response: {response}"


def ra_2010_applies(large_joints, small_joints) -> bool:
    """Whether the 2010 ACR/EULAR criteria apply: at least one joint with definite synovitis.

    ``large_joints`` (0..10) and ``small_joints`` (0..28) involved, as in
    :func:`acr_eular_2010_score`. Source: Aletaha et al. 2010, Ann Rheum Dis 69:1580-1588.
    Limits: the criteria also ask that no other disease explains the synovitis better,
    which only a clinician can judge.
    """
    large = check_int("large_joints", large_joints, 0, 10, "large joints")
    small = check_int("small_joints", small_joints, 0, 28, "small joints")
    return large + small >= RA2010_MIN_JOINTS


def assess_ra_2010(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks) -> tuple[str, str]:
    """The verdict on the 2010 ACR/EULAR criteria: ``(level, words)``, level always ``"note"``.

    Says that the criteria do not apply without a joint with synovitis; otherwise gives the
    score and whether it reaches 6 of 10. Arguments and source as :func:`acr_eular_2010_score`.
    Limits: classification criteria sort patients for studies; they are not a diagnosis.
    """
    points = acr_eular_2010_points(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks)
    if not ra_2010_applies(large_joints, small_joints):
        return "note", ("The 2010 criteria apply only to a patient with at least one joint with definite synovitis "
                        "(swelling): with no joint involved they do not apply.")
    score = sum(points.values())
    if score >= RA2010_CLASSIFY_SCORE:
        return "note", f"Score {score} of 10: meets the 2010 criteria for classifying rheumatoid arthritis"
    return "note", f"Score {score} of 10: does not reach {RA2010_CLASSIFY_SCORE} (not classified now; may be later)"


def _joint_points(large: int, small: int) -> int:
    if small == 0:
        return 1 if large >= 2 else 0
    if large + small > 10:
        return 5
    return 3 if small >= 4 else 2


def acr_eular_2010_points(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks) -> dict:
    """The points of each domain of the 2010 ACR/EULAR criteria, by domain name.

    Domains: ``joints`` (0, 1, 2, 3 or 5), ``serology`` (0, 2 or 3), ``acute_phase``
    (0 or 1), ``duration`` (0 or 1). Arguments as :func:`acr_eular_2010_score`.

    Source: Aletaha et al. 2010, Ann Rheum Dis 69:1580-1588 (and Arthritis Rheum
    62:2569-2581), Table 3.
    """
    large = check_int("large_joints", large_joints, 0, 10, "large joints")
    small = check_int("small_joints", small_joints, 0, 28, "small joints")
    level = check_choice("serology", serology, SEROLOGY_LEVELS)
    abnormal = check_bool("acute_phase_abnormal", acute_phase_abnormal)
    weeks = check_number("duration_weeks", duration_weeks, 0, 5200, "weeks")
    return {
        "joints": _joint_points(large, small),
        "serology": {"negative": 0, "low": 2, "high": 3}[level],
        "acute_phase": int(abnormal),
        "duration": int(weeks >= 6),
    }


def acr_eular_2010_score(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks) -> int:
    """The 2010 ACR/EULAR classification score for rheumatoid arthritis, 0..10.

    Arguments: ``large_joints`` involved (shoulders, elbows, hips, knees, ankles: 0..10);
    ``small_joints`` involved (the criteria's small joints are 30: 10 MCP, 8 PIP, 2 thumb IP,
    8 MTP 2-5 and 2 wrists; other small joints such as temporomandibular, acromioclavicular
    and sternoclavicular count towards "more than 10 joints"; the course takes 0..28); ``serology`` of rheumatoid factor and
    anti-CCP (ACPA): "negative", "low" (positive up to 3 times the upper limit of normal)
    or "high" (above 3 times); ``acute_phase_abnormal``: CRP or ESR above normal (True
    or False); ``duration_weeks`` of symptoms as the patient reports them.

    Source: Aletaha et al. 2010, Ann Rheum Dis 69:1580-1588, Table 3.

    With no involved joint the criteria do not apply and the score is 0, whatever the blood
    tests and duration (:func:`ra_2010_applies`; :func:`assess_ra_2010` says so in words).

    Limits: classification criteria sort patients for studies; they are not a diagnosis.
    They apply only to a patient with at least one joint with definite synovitis that
    no other disease explains better, and to patients without typical erosions (who are
    classified as RA anyway).
    """
    points = acr_eular_2010_points(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks)
    return sum(points.values()) if ra_2010_applies(large_joints, small_joints) else 0


def classify_ra_2010(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks) -> bool:
    """True when the 2010 ACR/EULAR score reaches 6 of 10 ("definite RA" for classification).

    Arguments and source as :func:`acr_eular_2010_score` (Aletaha et al. 2010, Ann Rheum
    Dis 69:1580). Limits: a score below 6 today may reach 6 later; it does not rule RA out.
    """
    score = acr_eular_2010_score(large_joints, small_joints, serology, acute_phase_abnormal, duration_weeks)
    return ra_2010_applies(large_joints, small_joints) and score >= RA2010_CLASSIFY_SCORE


def das28_joints():
    """The 28 joints of the DAS28 count, with where each sits on the body outline.

    Columns: ``joint`` (e.g. "right knee"), ``label`` (short, for a button), ``side``
    ("right" or "left", the patient's), ``group`` (shoulder, elbow, wrist, MCP, PIP,
    knee), ``size`` ("large" or "small", as the 2010 criteria count them), ``row`` and
    ``column`` (the place on the joint map: the patient faces the reader, palms forward,
    so the patient's right is on the reader's left), ``x`` and ``y`` (position on the
    drawn outline, 0..1), and ``source``.

    Source: Prevoo et al. 1995, Arthritis Rheum 38:44 (the 28 joints); Aletaha et al. 2010
    (large and small joints).
    """
    return load_table(
        "arthritis_das28_joints.csv",
        required=("joint", "label", "side", "group", "size"),
        numeric=("row", "column", "x", "y"),
    )


@dataclass(frozen=True)
class JointMarks:
    """Which of the 28 joints are tender and which are swollen (joint names as in the table)."""

    tender: frozenset = field(default_factory=frozenset)
    swollen: frozenset = field(default_factory=frozenset)

    def marks(self, joint: str) -> str:
        states = [word for word, group in (("tender", self.tender), ("swollen", self.swollen)) if joint in group]
        return " and ".join(states) if states else "not tender, not swollen"
