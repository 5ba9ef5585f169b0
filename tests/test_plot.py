import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from minirepro import plot  # noqa: E402


def test_style_gives_white_backgrounds():
    with plt.style.context(plot.STYLE):
        assert matplotlib.rcParams["figure.facecolor"] == "white"
        assert matplotlib.rcParams["savefig.facecolor"] == "white"


def test_seed_band_draws_median_and_band_on_the_given_axes():
    fig, ax = plt.subplots()
    ys = np.array([[0.0, 1.0, 2.0], [2.0, 3.0, 4.0], [1.0, 2.0, 3.0]])
    assert plot.seed_band(ax, [0, 1, 2], ys, label="sim") is ax
    (line,) = ax.lines
    np.testing.assert_allclose(line.get_ydata(), [1.0, 2.0, 3.0])
    assert len(ax.collections) == 1
    plt.close(fig)


def test_seed_band_rejects_mismatched_shapes():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="n_seeds"):
        plot.seed_band(ax, [0, 1], np.zeros((3, 4)))
    plt.close(fig)


def test_panel_label_and_reference_line_return_ax():
    fig, ax = plt.subplots()
    assert plot.panel_label(ax, "a") is ax
    assert ax.texts[0].get_text() == "(a)"
    assert plot.reference_line(ax, 2.0, orientation="v") is ax
    plt.close(fig)


def test_computation_modules_do_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, minirepro.information, minirepro.fractal, minirepro.modes, minirepro.landscape, minirepro.transport, minirepro.data, minirepro.config, minirepro.seeding; " \
           "print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
