import numpy as np
import torch

from minirepro import train


def test_fit_gradient_descent_on_a_quadratic_matches_the_closed_form():
    # f(w) = 1/2 a w^2, GD with step lr: w_t = (1 - lr a)^t w_0
    a, lr, w0 = 2.0, 0.1, 1.0
    w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
    hist = train.fit(lambda step: 0.5 * a * w**2, torch.optim.SGD([w], lr=lr), steps=10, every=5,
                     record=lambda step: {"w": w.clone()})
    np.testing.assert_array_equal(hist.step, [0, 5, 10])
    expected = w0 * (1 - lr * a) ** hist.step
    np.testing.assert_allclose(hist["w"][:, 0], expected, rtol=1e-12)
    np.testing.assert_allclose(hist["loss"], 0.5 * a * expected**2, rtol=1e-12)


def test_fit_records_the_last_step_even_off_the_grid():
    w = torch.zeros(1, requires_grad=True)
    hist = train.fit(lambda step: (w - 1).pow(2), torch.optim.SGD([w], lr=0.1), steps=7, every=5)
    np.testing.assert_array_equal(hist.step, [0, 5, 7])


def test_fit_is_deterministic_with_a_seeded_minibatch_generator():
    def run():
        gen = torch.Generator().manual_seed(0)
        x = torch.randn(64, 3, generator=torch.Generator().manual_seed(1))
        y = x @ torch.tensor([1.0, -2.0, 0.5])
        w = torch.zeros(3, requires_grad=True)

        def loss(step):
            idx = torch.randint(0, 64, (8,), generator=gen)
            return ((x[idx] @ w - y[idx]) ** 2).mean()

        return train.fit(loss, torch.optim.SGD([w], lr=0.05), steps=50, every=10)["loss"]

    np.testing.assert_array_equal(run(), run())
