"""minirepro: the thin shared helper package of Papers in Miniature.

Chapters import it as ``import minirepro as mr`` and call ``mr.<module>.<helper>``. There is one
module per subject; book/contributing.md lists them ("Where the shared helpers live").
"""

from minirepro import check, config, continual, data, dynamics, finite_width, fractal, hessian, information, landscape, markov, modes, ntk, plot, seeding, similarity, transport

__all__ = ["check", "config", "continual", "data", "dynamics", "finite_width", "fractal", "hessian", "information", "landscape", "markov", "modes", "ntk", "plot", "seeding", "similarity", "transport"]
__version__ = "0.1.0"
