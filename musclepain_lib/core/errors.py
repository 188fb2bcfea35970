"""The two errors the course raises on purpose."""


class InputError(ValueError):
    """A public function was given a value it cannot use.

    The message names the argument, the value it got, and the allowed range with
    its unit, so a learner can correct the input without reading a traceback.
    """


class DataFileError(ValueError):
    """A reference table in ``data/`` is malformed.

    The message names the file, the row (as numbered in the file, header = 1)
    and the column at fault.
    """
