import pytest
import torch

from minirepro import config


def test_defaults_are_book_scale_seed_zero_cpu():
    run = config.current({})
    assert (run.scale, run.seed, run.device) == ("book", 0, "cpu")
    assert str(run) == "scale=book seed=0 device=cpu"


@pytest.mark.parametrize("value", ["paper", "PAPER", " paper "])
def test_scale_is_read_from_the_environment(value):
    assert config.scale({"MINIREPRO_SCALE": value}) == "paper"


def test_invalid_scale_names_the_valid_ones():
    with pytest.raises(config.ConfigError, match="book, paper"):
        config.scale({"MINIREPRO_SCALE": "huge"})


@pytest.mark.parametrize("raw", ["-1", "abc", "1.5", str(2**63)])
def test_invalid_seed_is_rejected_with_a_hint(raw):
    with pytest.raises(config.ConfigError, match="non-negative integer"):
        config.base_seed({"MINIREPRO_SEED": raw})


def test_seed_is_read():
    assert config.base_seed({"MINIREPRO_SEED": "17"}) == 17


def test_device_is_cpu_at_book_scale_even_when_cuda_is_asked():
    assert config.device("book", {"MINIREPRO_DEVICE": "cuda"}) == "cpu"


def test_invalid_device_names_the_valid_ones():
    with pytest.raises(config.ConfigError, match="cpu, cuda"):
        config.device("paper", {"MINIREPRO_DEVICE": "tpu"})


def test_pick_returns_the_settings_of_the_scale():
    assert config.Run(scale="book").pick(book=1, paper=2) == 1
    assert config.Run(scale="paper").pick(book=1, paper=2) == 2


def test_init_uses_one_thread_and_seeds_torch_from_the_base_seed():
    from threadpoolctl import threadpool_info, threadpool_limits

    threads, blas = torch.get_num_threads(), threadpool_limits(None)  # the second restores BLAS threads on exit
    try:
        config.init({"MINIREPRO_SEED": "3"})
        assert torch.get_num_threads() == 1
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
        a = torch.rand(3)
        config.init({"MINIREPRO_SEED": "3"})
        assert torch.equal(a, torch.rand(3))
        config.init({"MINIREPRO_SEED": "4"})
        assert not torch.equal(a, torch.rand(3))
    finally:
        torch.set_num_threads(threads)
        blas.restore_original_limits()
