"""minirepro: the thin shared helper package of Papers in Miniature.

Chapters import it as ``import minirepro as mr`` and call ``mr.<module>.<helper>``; there is one
module per subject (``information``, ``markov``, ``transport``, ``hessian``, ``landscape``,
``modes``, ``ntk``, ``finite_width``, ``similarity``, ``fractal``, ``dynamics``, ``continual``,
``data``) besides the four every chapter uses (``config``, ``seeding``, ``check``, ``plot``).
book/contributing.md lists them with their subjects.
"""

from minirepro import check, config, continual, data, dynamics, finite_width, fractal, hessian, information, landscape, markov, modes, ntk, plot, seeding, similarity, transport

__all__ = ["check", "config", "continual", "data", "dynamics", "finite_width", "fractal", "hessian", "information", "landscape", "markov", "modes", "ntk", "plot", "seeding", "similarity", "transport"]
__version__ = "0.1.0"
