"""minirepro: the thin shared helper package of Papers in Miniature.

Chapters import it as ``import minirepro as mr`` and use ``mr.config``, ``mr.seeding``,
``mr.check``, ``mr.plot``, ``mr.train``, ``mr.data``, ``mr.continual``, ``mr.measure``, ``mr.hessian``, ``mr.ntk``, ``mr.finite_width``, ``mr.dynamics``, ``mr.markov`` and ``mr.similarity``.
"""

from minirepro import check, config, continual, data, dynamics, finite_width, hessian, markov, measure, ntk, plot, seeding, similarity, train

__all__ = ["check", "config", "continual", "data", "dynamics", "finite_width", "hessian", "markov", "measure", "ntk", "plot", "seeding", "similarity", "train"]
__version__ = "0.1.0"
