"""Why people differ in how easily they build muscle: published spreads and heritability.

The same training programme gives some people almost nothing and others large
gains; twin studies find that about half of the differences between people in
lean mass are inherited. Neither finding is about race: most human genetic
variation lies between people of the same population, not between populations.
"""

from __future__ import annotations

from musclepain_lib.core.data import load_table
from musclepain_lib.core.validation import check_number

__all__ = ["training_responses", "heritability", "genetic_diversity", "twin_heritability"]


def training_responses():
    """Published ranges of the change after the same training programme, by study and measure.

    Columns: ``study, label, measure, muscle, weeks, n, low_pct, high_pct, mean_pct`` (mean
    empty where not published), ``source``. Units: % change from before training.

    Sources: Hubal MJ et al. 2005, Med Sci Sports Exerc 37:964-972 (585 adults, 12
    weeks of elbow-flexor training: size -2 to +59 %); Mitchell CJ et al. 2014,
    PLoS One 9:e89431 (23 young men, 16 weeks: quadriceps -1.9 to +24.7 %).

    Limits: ranges show the extremes of one sample; part of the spread is
    measurement error and day-to-day variation, not true differences in response.
    """
    return load_table(
        "muscle_growth_training_response.csv",
        required=("study", "label", "measure", "muscle"),
        numeric=("weeks", "n", "low_pct", "high_pct"),
        optional_numeric=("mean_pct",),
    )


def heritability():
    """Twin-study heritability of muscle traits (share of between-person variance, 0 to 1).

    Columns: ``trait, heritability, population, n, source``.

    Source: Arden NK, Spector TD 1997, "Genetic influences on muscle strength, lean
    body mass, and bone mineral density: a twin study", J Bone Miner Res
    12:2076-2081 (lean mass 0.52, leg extensor strength 0.46, grip 0.30).

    Limits: heritability describes differences between people within the studied
    group and environment (here British women after the menopause); it says
    nothing about differences between groups, nor about what one person can gain.
    """
    return load_table(
        "muscle_growth_heritability.csv", required=("trait", "population"), numeric=("heritability", "n")
    )


def genetic_diversity():
    """How human DNA diversity divides: within populations, between continents, and the rest.

    Columns: ``level, percent, source``; the published rows (84.4 % between people
    of one population; roughly one tenth between continents) and a computed row,
    ``among populations of one continent``, the remainder to 100 %.

    Source: Barbujani G, Magagni A, Minch E, Cavalli-Sforza LL 1997, "An
    apportionment of human DNA diversity", Proc Natl Acad Sci USA 94:4516-4519.

    Limits: 109 markers in 16 populations; later genome-wide studies give similar
    shares, but the split depends on how populations are sampled.
    """
    import pandas as pd

    table = load_table("muscle_growth_genetic_diversity.csv", required=("level",), numeric=("percent",))
    rest = {
        "level": "among populations of one continent",
        "percent": 100.0 - float(table["percent"].sum()),
        "source": "remainder to 100 % (computed from Barbujani et al. 1997)",
    }
    return pd.concat([table, pd.DataFrame([rest])], ignore_index=True)


def twin_heritability(r_identical, r_fraternal) -> float:
    """Falconer's estimate of heritability from twin correlations: ``2 * (r_MZ - r_DZ)``.

    Units: correlations between -1 and 1; result clipped to 0..1.

    Source: Falconer DS, Mackay TFC 1996, Introduction to Quantitative Genetics,
    4th ed., Longman (chapter 10).

    Limits: assumes identical and non-identical twins share their environment
    equally and that genes add up; twin studies fit fuller models (ACE).
    """
    r_mz = check_number("r_identical", r_identical, -1, 1, "")
    r_dz = check_number("r_fraternal", r_fraternal, -1, 1, "")
    return min(max(2.0 * (r_mz - r_dz), 0.0), 1.0)
